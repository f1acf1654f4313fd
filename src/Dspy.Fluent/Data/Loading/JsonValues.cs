using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>Turns JSON into plain .NET values, so that loaded examples hold strings, numbers and lists rather than
/// <see cref="JsonElement"/>s that would pin the parsed document.</summary>
internal static class JsonValues
{
    public static object? ToValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        // Boxed separately: in one conditional expression the long would be widened to double.
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(ToValue).ToArray(),
        JsonValueKind.Object => ToDictionary(e),
        _ => null,
    };

    private static Dictionary<string, object?> ToDictionary(JsonElement e)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject()) map[p.Name] = ToValue(p.Value);
        return map;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public static string Preview(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
