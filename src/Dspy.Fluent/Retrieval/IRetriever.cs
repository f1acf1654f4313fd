namespace Dspy.Fluent;

/// <summary>
/// Finds the passages that best match a query. The extension point for every search backend: BM25
/// (<c>Bm25Retriever</c>), embeddings (<see cref="EmbeddingRetriever"/>), any vector store
/// (<see cref="VectorStoreRetriever{TRecord}"/>), or your own.
/// </summary>
/// <remarks>
/// <para>Corresponds to DSPy's retriever models behind <c>dspy.Retrieve</c>. In a program, call it through
/// <see cref="RetrieverExtensions.Search"/>, which records each call in the run's trace under <see cref="Name"/>.</para>
/// <para>Implementations must allow many concurrent calls: evaluation and optimizers run examples in parallel.</para>
/// </remarks>
public interface IRetriever
{
    /// <summary>A stable name for this retriever; traces record its calls under it (e.g. <c>retrieve</c>).</summary>
    string Name { get; }

    /// <summary>Searches for the <paramref name="k"/> passages that best match <paramref name="query"/>.</summary>
    /// <param name="query">The query text, as a person or an LM wrote it; it is never parsed as query syntax.</param>
    /// <param name="k">How many passages to return at most; must be positive.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>At most <paramref name="k"/> passages, best first; fewer when fewer match.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is zero or negative.</exception>
    Task<IReadOnlyList<Passage>> SearchAsync(string query, int k, CancellationToken cancellationToken = default);
}
