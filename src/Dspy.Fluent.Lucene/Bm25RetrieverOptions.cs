namespace Dspy.Fluent;

/// <summary>How <see cref="Bm25Retriever"/> builds its index.</summary>
public sealed record Bm25RetrieverOptions
{
    /// <summary>The retriever's name in traces. Default <c>retrieve</c>.</summary>
    public string Name { get; init; } = "retrieve";

    /// <summary>BM25's term-frequency saturation <c>k1</c>. Default 1.2 (Lucene's default).</summary>
    public float K1 { get; init; } = 1.2f;

    /// <summary>BM25's length normalisation <c>b</c>, from 0 (none) to 1 (full). Default 0.75 (Lucene's default).</summary>
    public float B { get; init; } = 0.75f;
}
