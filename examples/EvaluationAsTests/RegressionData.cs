namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>Reads data/regression.jsonl.</summary>
internal static class RegressionData
{
    public static IReadOnlyList<Example> All() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "regression.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => Example.From(System.Text.Json.JsonDocument.Parse(l).RootElement.EnumerateObject()
                .Select(p => new KeyValuePair<string, object?>(p.Name, p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : p.Value.Clone())))
                .WithInputs("question"))
            .ToList();

    /// <summary>The first example recorded as a known failure.</summary>
    public static Example KnownFailure() => All().First(e => e.ContainsKey("skip"));
}
