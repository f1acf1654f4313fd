using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Audio and file fields (DSPy's <c>dspy.Audio</c>, <c>dspy.File</c>) against Golden/media-golden.json, which
/// make_media_golden.py wrote with DSPy 3.3.1: every format case (inputs, lists, demos through ChatAdapter, JsonAdapter and
/// XmlAdapter) gives DSPy's messages with the media parts where DSPy puts them, and every value saves as DSPy's marker.
/// </summary>
public sealed class MediaGoldenTests
{
    private const string File = "media-golden.json";

    public static TheoryData<string, string> FormatCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in GoldenFiles.Load(File).GetProperty("format").EnumerateArray())
            data.Add(c.GetProperty("case").GetString()!, c.GetProperty("adapter").GetString()!);
        return data;
    }

    public static TheoryData<int> SavedCases() => [.. Enumerable.Range(0, GoldenFiles.Load(File).GetProperty("saved").GetArrayLength())];

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Audio_and_files_become_parts_of_the_user_message_where_DSPy_puts_them(string caseName, string adapterName)
    {
        var golden = GoldenFiles.Case(File, caseName, "format", adapterName);
        IAdapter adapter = adapterName switch { "chat" => ChatAdapter.Default, "json" => JsonAdapter.Default, _ => XmlAdapter.Default };
        var signature = AdapterGoldenTypes.SignatureOf(golden);

        var messages = adapter.Format(signature, [.. GoldenFiles.Demos(golden).Select(d => WithMedia(signature, d))],
            WithMedia(signature, GoldenFiles.ToExample(golden.GetProperty("inputs"))));

        Assert.Contains(messages, m => m.Contents.Any(c => c is DataContent or HostedFileContent));
        GoldenFiles.AssertSameMessages(golden, messages);
    }

    [Theory]
    [MemberData(nameof(SavedCases))]
    public void Each_value_saves_as_DSPys_marker_string_and_loads_back_equal(int index)
    {
        var golden = GoldenFiles.Load(File).GetProperty("saved")[index];
        var saved = golden.GetProperty("saved").GetString()!;
        object value = golden.GetProperty("kind").GetString() == "Audio" ? AudioOf(golden.GetProperty("value")) : FileOf(golden.GetProperty("value"));

        var json = JsonSerializer.Serialize(value, value.GetType());
        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(saved), value.GetType());

        Assert.Equal(JsonSerializer.Serialize(saved), json);
        Assert.Equal(value, back);
    }

    /// <summary>The example with each Audio and File field's plain JSON (alone or in a list) made the value it describes.</summary>
    internal static Example WithMedia(Signature signature, Example example)
    {
        var result = example;
        foreach (var field in signature.InputFields.Where(f => example.ContainsKey(f.Name)))
        {
            if (example[field.Name] is not JsonElement json) continue;
            if (field.Type == FieldType.Audio) result = result.With(field.Name, AudioOf(json));
            else if (field.Type == FieldType.File) result = result.With(field.Name, FileOf(json));
            else if (field.Type.ElementType == FieldType.Audio) result = result.With(field.Name, json.EnumerateArray().Select(AudioOf).ToArray());
            else if (field.Type.ElementType == FieldType.File) result = result.With(field.Name, json.EnumerateArray().Select(FileOf).ToArray());
        }
        return result;
    }

    internal static Audio AudioOf(JsonElement json) =>
        Audio.FromDataUri($"data:audio/{json.GetProperty("audio_format").GetString()};base64,{json.GetProperty("data").GetString()}");

    internal static FileInput FileOf(JsonElement json)
    {
        string? Get(string name) => json.TryGetProperty(name, out var v) ? v.GetString() : null;
        return Get("file_data") is { } data ? FileInput.FromDataUri(data, Get("filename")) : FileInput.FromFileId(Get("file_id")!, Get("filename"));
    }
}
