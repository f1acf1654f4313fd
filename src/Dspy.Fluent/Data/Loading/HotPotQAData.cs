namespace Dspy.Fluent;

/// <summary>A whole HotPotQA file: its examples, the corpus of its context paragraphs, and the rows skipped.</summary>
/// <param name="Examples">The examples, in file order.</param>
/// <param name="Corpus">Every context paragraph once (first occurrence of each title wins), as <c>"title | text"</c>, in file order.</param>
/// <param name="Skipped">Rows skipped under <see cref="HotPotQAOptions.SkipBadRows"/>, in file order.</param>
public sealed record HotPotQAData(IReadOnlyList<Example> Examples, IReadOnlyList<string> Corpus, IReadOnlyList<BadRow> Skipped);
