using System.Collections;
using System.Text.Json;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Images, audio and files inside prompt text: formatting writes a marker of its own where DSPy writes its custom-type
/// marker (with the same text around it: <c>["</c>, <c>", "</c>, <c>"]</c> for a list), and the adapter turns a user
/// message holding markers into text and media parts; saved states hold DSPy's marker string itself.
/// </summary>
internal static class MediaParts
{
    // NUL never occurs in prompt text the adapters write (nor in the JSON between the markers), so a marker cannot be
    // mistaken for content. Between them is the part as DSPy's format() returns it, as JSON.
    private const string Start = "\0dspy-media\0";
    private const char End = '\0';

    // DSPy's own custom-type markers: a saved program holds each value as one of these strings (dump_state writes the
    // formatted marker), so they are what a saved state stores and what a loaded one is read from.
    private const string DspyStart = "<<CUSTOM-TYPE-START-IDENTIFIER>>";
    private const string DspyEnd = "<<CUSTOM-TYPE-END-IDENTIFIER>>";

    /// <summary>How messages name a media type: its article form and its noun, singular and plural.</summary>
    internal readonly record struct MediaNoun(string Article, string Singular, string AsValue, string Plural);

    /// <summary>The words for <paramref name="type"/> (<see cref="Image"/>, <see cref="Audio"/> or <see cref="FileInput"/>).</summary>
    public static MediaNoun Noun(Type type) =>
        type == typeof(Audio) ? new("Audio", "audio", "audio", "audio")
        : type == typeof(FileInput) ? new("A file", "file", "a file", "files")
        : new("An image", "image", "an image", "images");

    /// <summary>The <c>type</c> of DSPy's content part for <paramref name="type"/>.</summary>
    public static string PartType(Type type) => type == typeof(Audio) ? "input_audio" : type == typeof(FileInput) ? "file" : "image_url";

    /// <summary>
    /// The marker text for the value of <paramref name="field"/> when it is a media value or a list of them (as DSPy's
    /// json.dumps of marker strings), or null for other values. A media field's value read back from a saved state is
    /// DSPy's marker string (or a list of them) and counts as the value it names.
    /// </summary>
    public static string? Marker(Field field, object? value) => field.Type.HoldsDocuments ? DocumentParts.Marker(value) : (field.Type.HoldsMedia ? Loaded(value) : value) switch
    {
        IMediaValue media => MarkerOf(media),
        IEnumerable items and not string and not IDictionary when IsMediaList(items) =>
            "[" + string.Join(", ", items.Cast<IMediaValue>().Select(m => "\"" + MarkerOf(m) + "\"")) + "]",
        _ => null,
    };

    private static string MarkerOf(IMediaValue media) => Start + PythonJson.Serialize(media.DspyPart) + End;

    /// <summary>The value as a saved state stores it: DSPy's marker string, byte for byte as DSPy's <c>dump_state</c>.</summary>
    public static string SavedForm(IMediaValue media) => DspyStart + PythonJson.Serialize(new object[] { media.DspyPart }) + DspyEnd;

    /// <summary>The media value a saved marker string names, or null when <paramref name="text"/> is not one.</summary>
    public static IMediaValue? FromSavedForm(string? text)
    {
        if (text is null || !text.StartsWith(DspyStart, StringComparison.Ordinal) || !text.EndsWith(DspyEnd, StringComparison.Ordinal)) return null;
        try
        {
            using var payload = JsonDocument.Parse(text.AsMemory(DspyStart.Length, text.Length - DspyStart.Length - DspyEnd.Length));
            return payload.RootElement is { ValueKind: JsonValueKind.Array } parts && parts.GetArrayLength() == 1 ? FromPart(parts[0]) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value one of DSPy's content parts describes, or null when it is not an image, audio or file part.</summary>
    private static IMediaValue? FromPart(JsonElement part)
    {
        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type)) return null;
        if (type.ValueEquals("image_url"))
            return part.TryGetProperty("image_url", out var image) && Text(image, "url") is { } url ? Image.FromUrl(url) : null;
        if (type.ValueEquals("input_audio"))
            return part.TryGetProperty("input_audio", out var audio) && Text(audio, "data") is { } data && Text(audio, "format") is { } format
                ? Audio.FromBase64(data, format) : null;
        if (type.ValueEquals("file") && part.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.Object)
            return FileInput.FromParts(Text(file, "file_data"), Text(file, "file_id"), Text(file, "filename"));
        return null;
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static object? Loaded(object? value) => value switch
    {
        string s => FromSavedForm(s) ?? value,
        JsonElement { ValueKind: JsonValueKind.String } e => FromSavedForm(e.GetString()) ?? value,
        JsonElement { ValueKind: JsonValueKind.Array } e when e.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? FromSavedForm(i.GetString()) : null).ToArray() is var media
                                                             && media.Length > 0 && media.All(i => i is not null) => media,
        _ => value,
    };

    private static bool IsMediaList(IEnumerable items)
    {
        var any = false;
        foreach (var item in items)
        {
            if (item is not IMediaValue) return false;
            any = true;
        }
        return any;
    }

    /// <summary>A message for <paramref name="text"/>: plain text, or text and media parts when it holds markers.</summary>
    public static ChatMessage Message(ChatRole role, string text)
    {
        if (!text.Contains(Start, StringComparison.Ordinal) && !text.Contains(DocumentParts.Start, StringComparison.Ordinal)) return new ChatMessage(role, text);
        var contents = new List<AIContent>();
        var at = 0;
        while (NextMarker(text, at) is var start and >= 0)
        {
            if (start > at) contents.Add(new TextContent(text[at..start]));
            if (string.CompareOrdinal(text, start, DocumentParts.Start, 0, DocumentParts.Start.Length) == 0)
            {
                (var document, at) = DocumentParts.Read(text, start);
                contents.Add(document);
                continue;
            }
            var partStart = start + Start.Length;
            var end = text.IndexOf(End, partStart);
            using (var part = JsonDocument.Parse(text.AsMemory(partStart, end - partStart)))
                contents.Add((FromPart(part.RootElement) ?? throw new InvalidOperationException("A media marker holds a part this library did not write.")).ToContent());
            at = end + 1;
        }
        if (at < text.Length) contents.Add(new TextContent(text[at..]));
        return new ChatMessage(role, contents);
    }

    /// <summary>The next media or document marker at or after <paramref name="at"/>, or -1.</summary>
    private static int NextMarker(string text, int at)
    {
        var media = text.IndexOf(Start, at, StringComparison.Ordinal);
        var document = text.IndexOf(DocumentParts.Start, at, StringComparison.Ordinal);
        return media < 0 ? document : document < 0 ? media : Math.Min(media, document);
    }

    /// <summary>
    /// The message as text for people and reports: its text, with each image, audio clip and file as DSPy's
    /// <c>inspect_history</c> shows it (<c>&lt;image_url: https://…&gt;</c>, a data URI's header and its base64 length,
    /// <c>&lt;audio format='wav' base64-encoded, length=…&gt;</c>, <c>&lt;file: name:…, id:…, data_length:…&gt;</c>), so
    /// none is ever silently missing from a history, a report or a prompt snapshot, and its bytes never bloat them.
    /// </summary>
    public static string TextOf(ChatMessage message)
    {
        if (message.Contents.All(c => c is TextContent)) return message.Text;
        var sb = new System.Text.StringBuilder();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text: sb.Append(text.Text); break;
                case { RawRepresentation: IMediaValue media }: sb.Append(media.Shown); break;
                case DataContent document when DocumentParts.IsDocument(document): sb.Append(DocumentParts.TextOf(document)); break;
                case DataContent data when data.Uri.IndexOf("base64,", StringComparison.Ordinal) is var at and >= 0:
                    sb.Append(Image.ShownAsData(data.Uri, at));
                    break;
                case DataContent data: sb.Append("<image_url: ").Append(data.Uri).Append('>'); break;
                case UriContent uri: sb.Append("<image_url: ").Append(uri.Uri.OriginalString).Append('>'); break;
                case HostedFileContent file: sb.Append(FileInput.Show(file.Name, file.FileId, null)); break;
                default: sb.Append('<').Append(content.GetType().Name).Append('>'); break;
            }
        }
        return sb.ToString();
    }
}
