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

    public static Example ToExample(JsonElement obj) =>
        Example.From(obj.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value.Clone())));
}
