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

    /// <summary>
    /// Whether a case of adapter-golden-extra.json holds History or Image values, which the JSON keeps in plain form:
    /// ConversationHistoryTests and ImageFieldTests build those values and run these cases.
    /// </summary>
    public static bool HoldsSpecialTypes(JsonElement golden) =>
        golden.GetProperty("case").GetString() is { } name && (name.StartsWith("history_", StringComparison.Ordinal) || name.StartsWith("image_", StringComparison.Ordinal));

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
            var content = expected[i].GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                Assert.Equal(content.GetString(), messages[i].Text);
                Assert.All(messages[i].Contents, c => Assert.IsType<Microsoft.Extensions.AI.TextContent>(c));
            }
            else Assert.Equal(content.EnumerateArray().Select(Part), messages[i].Contents.Select(Part));
        }
    }

    /// <summary>
    /// Asserts a parse error case of a golden file raised the error DSPy raised: always an <see cref="AdapterParseException"/>
    /// carrying the reply (one type, so fallback and reporting see every failure), whose <see cref="ParseFailure"/> says which
    /// of DSPy's errors it stands for. DSPy's <c>AdapterParseError</c> covers every kind; pydantic's <c>ValidationError</c>
    /// (JSONAdapter validating a value without wrapping the error) is a value of the wrong type. An error type this does not
    /// know fails, so a new vector makes someone decide what it maps to.
    /// </summary>
    public static void AssertSameError(JsonElement golden, AdapterParseException error)
    {
        Assert.Equal(golden.GetProperty("completion").GetString(), error.Reply);
        var dspyError = golden.TryGetProperty("error_type", out var t) ? t.GetString() : "AdapterParseError";
        switch (dspyError)
        {
            case "AdapterParseError": break;
            case "ValidationError": Assert.Equal(ParseFailure.WrongType, error.Failure); break;
            default: Assert.Fail($"{golden.GetProperty("case").GetString()}: DSPy raised {dspyError}; map it to a ParseFailure here."); break;
        }
    }

    /// <summary>A content part as DSPy writes it: <c>text: …</c>, <c>image_url: …</c>, <c>input_audio: …</c> or <c>file: …</c>.</summary>
    private static string Part(JsonElement part) => part.GetProperty("type").GetString() switch
    {
        "text" => "text: " + part.GetProperty("text").GetString(),
        "image_url" => "image_url: " + part.GetProperty("image_url").GetProperty("url").GetString(),
        "input_audio" => $"input_audio: {part.GetProperty("input_audio").GetProperty("format").GetString()} {part.GetProperty("input_audio").GetProperty("data").GetString()}",
        "file" => FilePart(Optional(part.GetProperty("file"), "file_data"), Optional(part.GetProperty("file"), "file_id"), Optional(part.GetProperty("file"), "filename")),
        var other => $"unexpected part type {other}",
    };

    // How the M.E.AI parts stand for DSPy's: audio is a DataContent with an audio/* media type (the format is its
    // subtype), a file a DataContent carrying a Name and/or a non-image media type, or a HostedFileContent for an id.
    private static string Part(Microsoft.Extensions.AI.AIContent content) => content switch
    {
        Microsoft.Extensions.AI.TextContent t => "text: " + t.Text,
        Microsoft.Extensions.AI.DataContent d when d.MediaType.StartsWith("audio/", StringComparison.Ordinal) =>
            $"input_audio: {d.MediaType[6..]} {d.Uri[(d.Uri.IndexOf(',', StringComparison.Ordinal) + 1)..]}",
        Microsoft.Extensions.AI.DataContent d when d.Name is not null || !d.MediaType.StartsWith("image/", StringComparison.Ordinal) =>
            FilePart(d.Uri, d.AdditionalProperties?.TryGetValue("file_id", out var id) == true ? (string?)id : null, d.Name),
        Microsoft.Extensions.AI.DataContent d => "image_url: " + d.Uri,
        Microsoft.Extensions.AI.UriContent u => "image_url: " + u.Uri.OriginalString,
        Microsoft.Extensions.AI.HostedFileContent f => FilePart(null, f.FileId, f.Name),
        var other => $"unexpected content {other.GetType().Name}",
    };

    private static string FilePart(string? data, string? id, string? name) => $"file: data={data} id={id} name={name}";

    private static string? Optional(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) ? v.GetString() : null;
}
