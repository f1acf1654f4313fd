using System.Collections;
using System.Text;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Documents inside prompt text, as <see cref="MediaParts"/> does for images, audio and files: formatting writes a marker where DSPy
/// writes its custom-type marker (with the same <c>["</c>, <c>", "</c>, <c>"]</c> around list items), and the message
/// builder turns each marker into a <see cref="DataContent"/> part.
/// </summary>
/// <remarks>
/// DSPy sends a document as an Anthropic <c>document</c> block. M.E.AI 10.11 has no document content type, so the part
/// is the nearest it offers: a <see cref="DataContent"/> with the bytes (UTF-8 text for <c>text/plain</c>, the decoded
/// base64 for <c>application/pdf</c>), its media type, the title as <see cref="DataContent.Name"/>, and DSPy's
/// <c>citations: {enabled: true}</c> and <c>context</c> in <see cref="AIContent.AdditionalProperties"/>
/// (<see cref="CitationsKey"/>, <see cref="ContextKey"/>) for a provider client to map.
/// </remarks>
internal static class DocumentParts
{
    public const string Start = "\0dspy-document\0";
    private const char End = '\0';

    /// <summary>The additional property saying the provider may cite this document (DSPy's <c>citations.enabled</c>); always true.</summary>
    public const string CitationsKey = "citations";

    /// <summary>The additional property holding the document's context, when it has one.</summary>
    public const string ContextKey = "context";

    /// <summary>The marker text for a document or a list of documents, or null for other values.</summary>
    public static string? Marker(object? value) => value switch
    {
        Document document => One(document),
        IEnumerable items and not string and not IDictionary when items.Cast<object?>().ToList() is { Count: > 0 } list && list.All(i => i is Document) =>
            "[" + string.Join(", ", list.Select(d => "\"" + One((Document)d!) + "\"")) + "]",
        _ => null,
    };

    // Each field in base64 ('-' for null), dot-separated: keeps NUL (the marker's end) and any other byte out of the marker.
    private static string One(Document d) =>
        Start + string.Join('.', new[] { d.Data, d.Title, d.MediaType, d.Context }.Select(f => f is null ? "-" : Convert.ToBase64String(Encoding.UTF8.GetBytes(f)))) + End;

    /// <summary>Reads the marker at <paramref name="start"/>: the part it stands for and where the text after it begins.</summary>
    public static (AIContent Part, int Next) Read(string text, int start)
    {
        var payloadStart = start + Start.Length;
        var end = text.IndexOf(End, payloadStart);
        var fields = text[payloadStart..end].Split('.').Select(f => f == "-" ? null : Encoding.UTF8.GetString(Convert.FromBase64String(f))).ToArray();
        return (Part(new Document(fields[0]!, fields[1], fields[2]!, fields[3])), end + 1);
    }

    /// <summary>The message part for <paramref name="document"/>.</summary>
    public static DataContent Part(Document document)
    {
        byte[] bytes;
        if (document.MediaType == "application/pdf")
        {
            try { bytes = Convert.FromBase64String(document.Data); }
            catch (FormatException)
            {
                throw new FormatException($"{document} has media type application/pdf, so its Data must be the PDF's bytes in base64; it is not valid base64.");
            }
        }
        else bytes = Encoding.UTF8.GetBytes(document.Data);
        var part = new DataContent(bytes, document.MediaType) { Name = document.Title };
        part.AdditionalProperties = new AdditionalPropertiesDictionary { [CitationsKey] = true };
        if (document.Context is { } context) part.AdditionalProperties[ContextKey] = context;
        return part;
    }

    /// <summary>Whether <paramref name="content"/> is a document part this class made.</summary>
    public static bool IsDocument(AIContent content) =>
        content is DataContent && content.AdditionalProperties?.ContainsKey(CitationsKey) == true;

    /// <summary>A document part as text for people and reports: its title and, for text, its content (a PDF by its size).</summary>
    public static string TextOf(DataContent data) =>
        data.MediaType == "text/plain"
            ? $"<document{(data.Name is { } t ? $" '{t}'" : "")}: {Encoding.UTF8.GetString(data.Data.Span)}>"
            : $"<document{(data.Name is { } n ? $" '{n}'" : "")}: {data.MediaType}, {data.Data.Length} bytes>";
}
