namespace Dspy.Fluent;

/// <summary>One Wikipedia-abstract-style passage of a <see cref="SyntheticWorld"/>: a title (the entity's name) and its sentences.</summary>
/// <remarks>Every sentence ends with a full stop and states one or a few facts, so a reader can split <see cref="Text"/>
/// back into <see cref="Sentences"/> at <c>". "</c>; <see cref="SupportingFact.SentenceIndex"/> indexes <see cref="Sentences"/>.</remarks>
public sealed record SyntheticPassage
{
    /// <summary>Creates a passage.</summary>
    /// <param name="title">The entity's name.</param>
    /// <param name="kind">What the entity is.</param>
    /// <param name="sentences">The sentences, in order.</param>
    /// <param name="isDistractor">Whether the passage was added to mislead readers of some question.</param>
    public SyntheticPassage(string title, PassageKind kind, IReadOnlyList<string> sentences, bool isDistractor)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(sentences);
        Title = title;
        Kind = kind;
        Sentences = sentences;
        IsDistractor = isDistractor;
    }

    /// <summary>The entity's name, which is also the passage's title.</summary>
    public string Title { get; }

    /// <summary>What the entity is.</summary>
    public PassageKind Kind { get; }

    /// <summary>The sentences, in order; each ends with a full stop.</summary>
    public IReadOnlyList<string> Sentences { get; }

    /// <summary>Whether this passage was written to mislead: a namesake of a question's person, an organisation or work with
    /// a similar name, or a person whose passage mentions a question's entity in another role.</summary>
    public bool IsDistractor { get; }

    /// <summary>The sentences joined with single spaces.</summary>
    public string Text => string.Join(' ', Sentences);

    /// <summary>The passage as a retrieval corpus holds it: <c>"{Title} | {Text}"</c>, the shape of DSPy's Wikipedia abstracts.</summary>
    public string CorpusText => $"{Title} | {Text}";
}
