using System.Collections;
using System.Text.Json;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Images inside prompt text: formatting writes a marker of its own where DSPy writes its custom-type marker (with the
/// same text around it: <c>["</c>, <c>", "</c>, <c>"]</c> for a list), and the adapter turns a user message holding
/// markers into text and image parts; saved states hold DSPy's marker string itself.
/// </summary>
internal static class ImageParts
{
    // NUL never occurs in prompt text the adapters write, so a marker cannot be mistaken for content.
    private const string Start = "\0dspy-image\0";
    private const char End = '\0';

    // DSPy's own custom-type markers: a saved program holds each image as one of these strings (dump_state writes the
    // formatted marker), so they are what a saved state stores and what a loaded one is read from.
    private const string DspyStart = "<<CUSTOM-TYPE-START-IDENTIFIER>>";
    private const string DspyEnd = "<<CUSTOM-TYPE-END-IDENTIFIER>>";

    /// <summary>
    /// The marker text for the value of <paramref name="field"/> when it is an image or a list of images (as DSPy's
    /// json.dumps of marker strings), or null for other values. An image field's value read back from a saved state is
    /// DSPy's marker string (or a list of them) and counts as the image it names.
    /// </summary>
    public static string? Marker(Field field, object? value) => field.Type.HoldsDocuments ? DocumentParts.Marker(value) : (field.Type.HoldsImages ? Loaded(value) : value) switch
    {
        Image image => Start + image.Url + End,
        IEnumerable items and not string and not IDictionary when IsImageList(items) =>
            "[" + string.Join(", ", items.Cast<Image>().Select(i => "\"" + Start + i.Url + End + "\"")) + "]",
        _ => null,
    };

    /// <summary>The image as a saved state stores it: DSPy's marker string, byte for byte as DSPy's <c>dump_state</c>.</summary>
    public static string SavedForm(Image image) =>
        DspyStart + PythonJson.Serialize(new object[]
        {
            new Dictionary<string, object?> { ["type"] = "image_url", ["image_url"] = new Dictionary<string, object?> { ["url"] = image.Url } },
        }) + DspyEnd;

    /// <summary>The image a saved marker string names, or null when <paramref name="text"/> is not one.</summary>
    public static Image? FromSavedForm(string? text)
    {
        if (text is null || !text.StartsWith(DspyStart, StringComparison.Ordinal) || !text.EndsWith(DspyEnd, StringComparison.Ordinal)) return null;
        try
        {
            using var payload = JsonDocument.Parse(text.AsMemory(DspyStart.Length, text.Length - DspyStart.Length - DspyEnd.Length));
            return payload.RootElement is { ValueKind: JsonValueKind.Array } parts && parts.GetArrayLength() == 1 &&
                   parts[0].TryGetProperty("type", out var type) && type.ValueEquals("image_url") &&
                   parts[0].TryGetProperty("image_url", out var image) && image.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                ? Image.FromUrl(url.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object? Loaded(object? value) => value switch
    {
        string s => FromSavedForm(s) ?? value,
        JsonElement { ValueKind: JsonValueKind.String } e => FromSavedForm(e.GetString()) ?? value,
        JsonElement { ValueKind: JsonValueKind.Array } e when e.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? FromSavedForm(i.GetString()) : null).ToArray() is var images
                                                             && images.Length > 0 && images.All(i => i is not null) => images,
        _ => value,
    };

    private static bool IsImageList(IEnumerable items)
    {
        var any = false;
        foreach (var item in items)
        {
            if (item is not Image) return false;
            any = true;
        }
        return any;
    }

    /// <summary>A message for <paramref name="text"/>: plain text, or text and image parts when it holds markers.</summary>
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
                (var part, at) = DocumentParts.Read(text, start);
                contents.Add(part);
                continue;
            }
            var urlStart = start + Start.Length;
            var end = text.IndexOf(End, urlStart);
            var url = text[urlStart..end];
            var image = Image.FromUrl(url);
            contents.Add(url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? new DataContent(url) : new UriContent(new Uri(url), image.MediaType));
            at = end + 1;
        }
        if (at < text.Length) contents.Add(new TextContent(text[at..]));
        return new ChatMessage(role, contents);
    }

    private static int NextMarker(string text, int at)
    {
        var image = text.IndexOf(Start, at, StringComparison.Ordinal);
        var document = text.IndexOf(DocumentParts.Start, at, StringComparison.Ordinal);
        return image < 0 ? document : document < 0 ? image : Math.Min(image, document);
    }

    /// <summary>
    /// The message as text for people and reports: its text, with each image as DSPy's <c>inspect_history</c> shows it
    /// (<c>&lt;image_url: https://…&gt;</c>, or the data URI's header and its base64 length), so an image is never
    /// silently missing from a history, a report or a prompt snapshot, and its bytes never bloat them.
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
                case DataContent document when DocumentParts.IsDocument(document): sb.Append(DocumentParts.TextOf(document)); break;
                case DataContent data when data.Uri.IndexOf("base64,", StringComparison.Ordinal) is var at and >= 0:
                    sb.Append('<').Append(data.Uri, 0, at + 7).Append("<IMAGE BASE 64 ENCODED(").Append(data.Uri.Length - at - 7).Append(")>");
                    break;
                case DataContent data: sb.Append("<image_url: ").Append(data.Uri).Append('>'); break;
                case UriContent uri: sb.Append("<image_url: ").Append(uri.Uri.OriginalString).Append('>'); break;
                default: sb.Append('<').Append(content.GetType().Name).Append('>'); break;
            }
        }
        return sb.ToString();
    }
}
