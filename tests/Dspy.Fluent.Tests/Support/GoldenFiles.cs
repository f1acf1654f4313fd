using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>Reads the vectors DSPy's own adapters produced (see Golden/README.md).</summary>
internal static class GoldenFiles
{
    public static JsonElement Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    // A JSON null is Python's None: a demo field set to None counts as missing, as in DSPy.
    public static Example ToExample(JsonElement obj) =>
        Example.From(obj.EnumerateObject().Select(p =>
            new KeyValuePair<string, object?>(p.Name, p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.Clone())));

    /// <summary>
    /// One case of a golden file (a list of cases, or an object with a list per kind: "format", "parse") for an adapter
    /// named as in the file: <c>xml</c> matches both <c>"xml"</c> and DSPy's class name <c>"XMLAdapter"</c>.
    /// </summary>
    public static JsonElement Case(string file, string caseName, string kind, string adapter)
    {
        var root = Load(file);
        var cases = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : root.GetProperty(kind).EnumerateArray();
        return cases.Single(c => c.GetProperty("case").GetString() == caseName &&
            (!c.TryGetProperty("adapter", out var a) || string.Equals(a.GetString(), adapter, StringComparison.OrdinalIgnoreCase) ||
             string.Equals(a.GetString(), adapter + "Adapter", StringComparison.OrdinalIgnoreCase)));
    }
}
