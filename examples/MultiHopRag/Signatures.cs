using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>A program's input: the question (built from a devset example's <c>question</c> field).</summary>
public sealed record MultiHopQuestion(string Question);

/// <summary>What the RAG programs return: the answer and the passages they read, so retrieval can be scored.</summary>
public sealed record RagAnswer(string Answer, IReadOnlyList<string> Context);

/// <summary>DSPy intro's GenerateSearchQuery.</summary>
[Description("Write a simple search query that will help answer a complex question.")]
public sealed record GenerateSearchQuery(
    [property: Description("may contain relevant facts")] IReadOnlyList<string> Context,
    string Question);

/// <summary>The query a hop searches with.</summary>
public sealed record SearchQuery(string Query);

/// <summary>DSPy intro's GenerateAnswer.</summary>
[Description("Answer questions with short factoid answers.")]
public sealed record GenerateAnswer(
    [property: Description("may contain relevant facts")] IReadOnlyList<string> Context,
    string Question);

/// <summary>The answer field, named <c>answer</c> in prompts as in DSPy.</summary>
public sealed record FactoidAnswer(
    [property: JsonPropertyName("answer"), Description("often between 1 and 5 words")] string Text);
