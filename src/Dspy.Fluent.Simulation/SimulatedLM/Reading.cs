namespace Dspy.Fluent.Simulation;

/// <summary>What the reader found: the answer span, the sentence it came from, and the steps it took (for a reasoning field).</summary>
internal sealed record Reading(string Answer, string Sentence, string Title, IReadOnlyList<string> Steps, string? Bridge);
