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

    /// <summary>The demos of a format case.</summary>
    public static IReadOnlyList<Example> Demos(JsonElement golden) => [.. golden.GetProperty("demos").EnumerateArray().Select(ToExample)];

    /// <summary>Asserts <paramref name="messages"/> are the case's <c>messages</c>, role and text, byte for byte.</summary>
    public static void AssertSameMessages(JsonElement golden, IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages)
    {
        var expected = golden.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(expected.Count, messages.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("role").GetString(), messages[i].Role.Value);
            Assert.Equal(expected[i].GetProperty("content").GetString(), messages[i].Text);
        }
    }
}
