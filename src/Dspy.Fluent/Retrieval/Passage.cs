namespace Dspy.Fluent;

/// <summary>
/// One retrieved passage: a title, its text and the score the retriever gave it for the query.
/// </summary>
/// <param name="Title">The passage's title (for wiki abstracts, the article title); may be empty.</param>
/// <param name="Text">The passage's text.</param>
/// <param name="Score">How well it matched the query (higher is better for BM25 and cosine; vector stores report
/// whatever their distance function gives). Zero for passages that were not retrieved.</param>
/// <remarks>
/// <para>Its string form is <c>"{Title} | {Text}"</c>, the shape of DSPy's wiki abstracts and of what programs put
/// into a <c>context: list[str]</c> field (see <see cref="PassageExtensions.ToContext"/>).</para>
/// <para>Two passages are equal when their title and text are equal, whatever their scores: the same passage
/// retrieved by two hops with different scores is one passage, so deduplication keeps only the first.</para>
/// </remarks>
public sealed record Passage(string Title, string Text, double Score = 0)
{
    /// <summary>What separates the title from the text in a passage string.</summary>
    public const string TitleSeparator = " | ";

    /// <summary>The passage's title (for wiki abstracts, the article title); may be empty.</summary>
    public string Title { get; init; } = Title ?? throw new ArgumentNullException(nameof(Title));

    /// <summary>The passage's text.</summary>
    public string Text { get; init; } = Text ?? throw new ArgumentNullException(nameof(Text));

    /// <summary>
    /// Reads a passage string: the title is everything before the first <c>" | "</c>, the text everything after it.
    /// A string without the separator is all text, with an empty title.
    /// </summary>
    /// <param name="passage">A passage string such as <c>"Lake Veyra | Lake Veyra is a lake in …"</c>.</param>
    /// <param name="score">The score to attach.</param>
    /// <returns>The passage.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="passage"/> is null.</exception>
    public static Passage Parse(string passage, double score = 0)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var cut = passage.IndexOf(TitleSeparator, StringComparison.Ordinal);
        return cut < 0
            ? new Passage("", passage, score)
            : new Passage(passage[..cut], passage[(cut + TitleSeparator.Length)..], score);
    }

    /// <summary>Equal when title and text are equal; the score is ignored.</summary>
    /// <param name="other">The other passage.</param>
    public bool Equals(Passage? other) =>
        other is not null && string.Equals(Title, other.Title, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Title, Text);

    /// <summary>The passage as <c>"{Title} | {Text}"</c>, or just the text when there is no title.</summary>
    public override string ToString() => Title.Length == 0 ? Text : Title + TitleSeparator + Text;
}
