namespace Dspy.Fluent;

/// <summary>What a <c>DataLoader.Load…</c> method read: the examples, and every row it skipped with the reason.</summary>
/// <param name="Examples">The examples, in file order.</param>
/// <param name="Skipped">Rows skipped under <see cref="DataLoadOptions.SkipBadRows"/>, in file order (empty otherwise).</param>
public sealed record DataLoadResult(IReadOnlyList<Example> Examples, IReadOnlyList<BadRow> Skipped)
{
    /// <summary>How many rows were skipped.</summary>
    public int SkippedCount => Skipped.Count;
}
