namespace Dspy.Fluent.Internal;

/// <summary>How messages describe predictors and the difference between two of them or two signatures.</summary>
internal static class PredictorText
{
    public static string Describe(IPredictor p) => $"{p.Kind} '{p.Name}' ({p.Signature})";

    public static string Difference(IPredictor a, IPredictor b)
    {
        var parts = new List<string>();
        if (a.Kind != b.Kind) parts.Add($"kind {a.Kind} vs {b.Kind}");
        var signature = SignatureDifference(a.Signature, b.Signature, "the first", "the second");
        if (signature.Length > 0) parts.Add(signature);
        if (!Equals(a.Config, b.Config)) parts.Add("different LM settings (WithConfig)");
        return parts.Count == 0 ? "separate instances of equal predictors" : string.Join("; ", parts);
    }

    /// <summary>Every difference between two signatures, e.g. <c>field 'context' is list[str] in the state but str in the program</c>; empty when equal.</summary>
    public static string SignatureDifference(Signature a, Signature b, string aName, string bName, bool includeText = true)
    {
        var parts = new List<string>();
        var aFields = a.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var bFields = b.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var f in a.Fields)
        {
            if (!bFields.TryGetValue(f.Name, out var g))
            {
                parts.Add($"{Direction(f)} '{f.Name}' is only in {aName}");
                continue;
            }
            if (f.Direction != g.Direction) parts.Add($"'{f.Name}' is an {Direction(f)} in {aName} but an {Direction(g)} in {bName}");
            if (!f.Type.Equals(g.Type)) parts.Add($"field '{f.Name}' is {f.Type.PythonName} in {aName} but {g.Type.PythonName} in {bName}");
            if (includeText && f.Description != g.Description)
                parts.Add($"field '{f.Name}' is described as {Quote(f.Description)} in {aName} but {Quote(g.Description)} in {bName}");
            if (includeText && f.Constraints != g.Constraints) parts.Add($"field '{f.Name}' has other constraints");
        }
        foreach (var g in b.Fields)
            if (!aFields.ContainsKey(g.Name)) parts.Add($"{Direction(g)} '{g.Name}' is only in {bName}");
        if (parts.Count == 0 && !a.Fields.Select(f => f.Name).SequenceEqual(b.Fields.Select(f => f.Name)))
            parts.Add($"the fields are in another order ({a} vs {b})");
        if (includeText && a.Instructions != b.Instructions) parts.Add($"the instructions differ ({Quote(Short(a.Instructions))} vs {Quote(Short(b.Instructions))})");
        return string.Join("; ", parts);
    }

    private static string Direction(Field f) => f.IsInput ? "input" : "output";

    private static string Quote(string? text) => text is null ? "nothing" : $"\"{text}\"";

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
