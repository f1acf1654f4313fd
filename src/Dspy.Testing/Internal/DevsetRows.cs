using Xunit;

namespace Dspy.Fluent.Internal;

/// <summary>Turns examples into theory rows: inputs marked, one row each, labelled by the question (or first input).</summary>
internal static class DevsetRows
{
    private const int LabelLength = 100;

    /// <summary>The example field whose text, when present and not empty, skips the row with that reason (a known failure).</summary>
    public const string SkipField = "skip";

    public static IReadOnlyCollection<ITheoryDataRow> Create(IEnumerable<Example> examples, string? inputs, int limit)
    {
        var keys = inputs?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rows = new List<ITheoryDataRow>();
        var index = 0;
        foreach (var raw in examples)
        {
            if (limit > 0 && rows.Count == limit) break;
            var example = Mark(raw, keys, index);
            var skip = example.TryGetValue(SkipField, out var reason) && reason is not null && example.GetText(SkipField).Length > 0 ? example.GetText(SkipField) : null;
            rows.Add(new TheoryDataRow<Example>(DevsetRowNumbers.Remember(example, index)) { Label = Label(example, index), Skip = skip });
            index++;
        }
        return rows;
    }

    /// <summary>Marks the given inputs; with none given, keeps the example's own marking, else <c>question</c>, else the first field.</summary>
    private static Example Mark(Example example, string[]? keys, int index)
    {
        if (keys is { Length: > 0 })
        {
            var missing = keys.FirstOrDefault(k => !example.ContainsKey(k));
            if (missing is not null)
                throw new ArgumentException($"Devset example {index} has no field '{missing}' to mark as an input; its fields are {string.Join(", ", example.Keys)}.");
            return example.WithInputs(keys);
        }
        if (example.InputKeys.Count > 0) return example;
        if (example.ContainsKey("question")) return example.WithInputs("question");
        return example.Count == 0 ? example : example.WithInputs(example.Keys.First());
    }

    private static string Label(Example example, int index)
    {
        var text = example.InputKeys.Count > 0 ? example.GetText(example.InputKeys[0]) : $"example {index}";
        text = text.ReplaceLineEndings(" ").Trim();
        if (text.Length > LabelLength) text = text[..LabelLength] + "…";
        return $"#{index}: {text}";
    }
}
