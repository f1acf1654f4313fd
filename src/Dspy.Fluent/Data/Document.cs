namespace Dspy.Fluent;

/// <summary>
/// A document an LM can cite (DSPy's experimental <c>dspy.experimental.Document</c>), for an input field of type
/// <see cref="FieldType.Document"/> or <c>list[Document]</c>. Adapters send it as its own message part (a
/// <see cref="Microsoft.Extensions.AI.DataContent"/> named by the title, citations enabled), not as prompt text.
/// </summary>
/// <example><code>var doc = new Document("Water boils at 100°C at sea level.", Title: "Physics");</code></example>
public sealed record Document
{
    /// <summary>A document with its text (or, for <c>application/pdf</c>, its base64 bytes) and optional metadata.</summary>
    /// <param name="Data">The document's text; for <c>application/pdf</c>, the PDF's bytes in base64.</param>
    /// <param name="Title">A title the LM's citations can name.</param>
    /// <param name="MediaType"><c>text/plain</c> (the default) or <c>application/pdf</c>, the two DSPy allows.</param>
    /// <param name="Context">Context about the document that is not itself citable.</param>
    /// <exception cref="ArgumentException">The media type is neither <c>text/plain</c> nor <c>application/pdf</c>.</exception>
    /// <example><code>var doc = new Document("The Earth orbits the Sun.", Title: "Astronomy", Context: "a textbook");</code></example>
    public Document(string Data, string? Title = null, string MediaType = TextPlain, string? Context = null)
    {
        ArgumentNullException.ThrowIfNull(Data);
        ArgumentNullException.ThrowIfNull(MediaType);
        if (MediaType is not (TextPlain or Pdf))
            throw new ArgumentException($"A Document's media type is '{TextPlain}' or '{Pdf}' (as DSPy's), not '{MediaType}'.", nameof(MediaType));
        this.Data = Data;
        this.Title = Title;
        this.MediaType = MediaType;
        this.Context = Context;
    }

    private const string TextPlain = "text/plain";
    private const string Pdf = "application/pdf";

    /// <summary>The document's text; for a PDF, its bytes in base64.</summary>
    /// <example><code>var length = doc.Data.Length;</code></example>
    public string Data { get; }

    /// <summary>The title citations name, or null.</summary>
    /// <example><code>var title = doc.Title ?? "(untitled)";</code></example>
    public string? Title { get; }

    /// <summary><c>text/plain</c> or <c>application/pdf</c>.</summary>
    /// <example><code>var isPdf = doc.MediaType == "application/pdf";</code></example>
    public string MediaType { get; }

    /// <summary>Context about the document that is not citable, or null.</summary>
    /// <example><code>var context = doc.Context;</code></example>
    public string? Context { get; }

    /// <summary>DSPy's <c>str()</c> of a document: its title (if any) and length, e.g. <c>Document('Physics': 34 chars)</c>.</summary>
    /// <example><code>Console.WriteLine(new Document("abc", Title: "T")); // Document('T': 3 chars)</code></example>
    public override string ToString() => Title is { Length: > 0 } title ? $"Document('{title}': {Data.Length} chars)" : $"Document({Data.Length} chars)";
}
