namespace Dspy.Fluent;

/// <summary>The text of a program input, for embedding: an example's input fields, a string, or a record's properties.</summary>
internal static class InputText
{
    public static string Of(object? input) => input switch
    {
        null => "",
        string s => s,
        Example e => Join(e.InputKeys.Count > 0 ? e.Inputs() : e),
        _ => Join(Internal.RecordValues.ToExample(input)),
    };

    private static string Join(Example e) => string.Join("\n", e.Select(kv => kv.Value is string s ? s : kv.Value?.ToString() ?? ""));
}
