using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>A one-step QA program and a scripted LM that knows some of the answers in data/dev.jsonl.</summary>
internal static class TestPrograms
{
    public static readonly Predictor<Example, Prediction> Qa =
        Predict.Create("qa", Signature.Parse("question -> answer", "Answer questions with short factoid answers."));

    public static ScriptedChatClient KnowingLM() => ScriptedChatClient.Answering(messages =>
    {
        var question = ScriptedChatClient.InputOf(messages, "question") ?? "";
        var answer = question switch
        {
            _ when question.Contains("Ada", StringComparison.Ordinal) => "London",
            _ when question.Contains("Lyon", StringComparison.Ordinal) => "Rhone",
            _ when question.Contains("Analytical Engine", StringComparison.Ordinal) => "Babbage",
            _ => "I do not know",
        };
        return new Dictionary<string, object?> { ["answer"] = answer };
    });

    public static LMSettings Settings(IChatClient? client = null) => new() { Client = client ?? KnowingLM() };

    public static Example Question(string question, object answer) =>
        Example.Create("question", question).With("answer", answer).WithInputs("question");
}
