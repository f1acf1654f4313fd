namespace Dspy.Fluent;

/// <summary>
/// One citation in an LM's answer (DSPy's <c>Citations.Citation</c>, of type <c>char_location</c>): the text quoted from
/// a document, which document (by index in the input list, and title), and where in it.
/// </summary>
/// <param name="CitedText">The text quoted from the document.</param>
/// <param name="DocumentIndex">The document's position in the input list, from 0; -1 when a client's citation did not say.</param>
/// <param name="StartCharIndex">Where the quote starts in the document's text; -1 when a client's citation did not say.</param>
/// <param name="EndCharIndex">Where the quote ends (exclusive); -1 when a client's citation did not say.</param>
/// <param name="DocumentTitle">The document's title, or null.</param>
/// <param name="SupportedText">The part of the answer the quote supports, or null.</param>
/// <example><code>var c = new Citation("Water boils at 100°C", DocumentIndex: 0, StartCharIndex: 0, EndCharIndex: 20, DocumentTitle: "Physics");</code></example>
public sealed record Citation(string CitedText, int DocumentIndex, int StartCharIndex, int EndCharIndex,
    string? DocumentTitle = null, string? SupportedText = null)
{
    /// <summary>The citation's kind, <c>char_location</c> unless a reply named another.</summary>
    /// <example><code>var kind = citation.Type; // "char_location"</code></example>
    public string Type { get; init; } = "char_location";
}
