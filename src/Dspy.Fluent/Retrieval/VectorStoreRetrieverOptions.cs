using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Dspy.Fluent;

/// <summary>How <see cref="VectorStoreRetriever{TRecord}"/> queries its collection.</summary>
/// <typeparam name="TRecord">The collection's record type.</typeparam>
public sealed record VectorStoreRetrieverOptions<TRecord>
    where TRecord : class
{
    /// <summary>The retriever's name in traces. Default <c>retrieve</c>.</summary>
    public string Name { get; init; } = "retrieve";

    /// <summary>
    /// Embeds each query before searching, and the vector is what the collection receives. Leave null when the
    /// collection embeds text itself (an embedding generator configured on the store, collection or vector
    /// property): then the query text is passed as is.
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; init; }

    /// <summary>Search options (filter, vector property, score threshold) passed to every search; null for the
    /// collection's defaults. Never modified.</summary>
    public VectorSearchOptions<TRecord>? SearchOptions { get; init; }
}
