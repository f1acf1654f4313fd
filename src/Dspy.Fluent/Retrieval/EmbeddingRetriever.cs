using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A dense retriever: embeds the corpus once with any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> and answers
/// queries by exact cosine similarity over all passages, in memory.
/// </summary>
/// <remarks>
/// <para>The text embedded for a passage is its string form <c>"{Title} | {Text}"</c>. A query is one embedding call
/// plus one dot product per passage with L2-normalised vectors, so it is exact (no approximate index) and suits
/// corpora up to a few hundred thousand passages; for more, put the vectors in a vector database and use
/// <see cref="VectorStoreRetriever{TRecord}"/>. Scores are cosine similarities in [-1, 1]; ties rank in corpus order.</para>
/// <para>Thread-safe once built. The generator is not owned: dispose it yourself.</para>
/// <para>Corresponds to <c>dspy.retrievers.Embeddings</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// var retriever = await EmbeddingRetriever.BuildAsync(new HashingEmbeddingGenerator(), corpus);
/// var passages = await retriever.SearchAsync("Who founded Orvale Press?", k: 3);
/// </code>
/// </example>
public sealed class EmbeddingRetriever : IRetriever
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly EmbeddingGenerationOptions? _generationOptions;
    private readonly Passage[] _corpus;
    private readonly CosineIndex _index;

    private EmbeddingRetriever(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingRetrieverOptions options, Passage[] corpus, CosineIndex index)
    {
        _generator = generator;
        _generationOptions = options.GenerationOptions;
        _corpus = corpus;
        _index = index;
        Name = options.Name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>How many passages the index holds.</summary>
    public int Count => _corpus.Length;

    /// <summary>The size of the embeddings (0 for an empty corpus).</summary>
    public int Dimensions => _index.Dimensions;

    /// <summary>Embeds passage strings (<c>"title | text"</c>, see <see cref="Passage.Parse"/>) and indexes them.</summary>
    /// <param name="generator">The embedding generator, used for the corpus now and for every query later.</param>
    /// <param name="corpus">The passages as strings.</param>
    /// <param name="options">Name, batch size and generation options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the embedding calls.</param>
    /// <returns>The retriever.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> or <paramref name="corpus"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The generator returned the wrong number of embeddings, embeddings of
    /// different sizes, or non-finite values.</exception>
    public static Task<EmbeddingRetriever> BuildAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IEnumerable<string> corpus,
        EmbeddingRetrieverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return BuildAsync(generator, corpus.Select((text, i) => text is null
            ? throw new ArgumentException($"The corpus has a null passage at position {i}.", nameof(corpus))
            : Passage.Parse(text)), options, cancellationToken);
    }

    /// <summary>Embeds passages (as <c>"title | text"</c>) in batches and indexes them.</summary>
    /// <param name="generator">The embedding generator, used for the corpus now and for every query later.</param>
    /// <param name="corpus">The passages; their scores are ignored.</param>
    /// <param name="options">Name, batch size and generation options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the embedding calls.</param>
    /// <returns>The retriever.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> or <paramref name="corpus"/> is null.</exception>
    /// <exception cref="ArgumentException">The corpus holds a null passage, or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">The generator returned the wrong number of embeddings, embeddings of
    /// different sizes, or non-finite values.</exception>
    public static async Task<EmbeddingRetriever> BuildAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IEnumerable<Passage> corpus,
        EmbeddingRetrieverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(corpus);
        options ??= new EmbeddingRetrieverOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        if (options.BatchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "EmbeddingRetrieverOptions.BatchSize must be positive.");

        var passages = corpus.Select((p, i) => p ?? throw new ArgumentException($"The corpus has a null passage at position {i}.", nameof(corpus))).ToArray();
        var vectors = new List<ReadOnlyMemory<float>>(passages.Length);
        foreach (var batch in passages.Chunk(options.BatchSize))
        {
            var texts = batch.Select(p => p.ToString()).ToArray();
            var embeddings = await generator.GenerateAsync(texts, options.GenerationOptions, cancellationToken).ConfigureAwait(false);
            if (embeddings is null || embeddings.Count != texts.Length)
                throw new InvalidOperationException(
                    $"The embedding generator returned {embeddings?.Count.ToString() ?? "null"} embeddings for a batch of {texts.Length} passages " +
                    $"(passages {vectors.Count}–{vectors.Count + texts.Length - 1}); it must return one per input, in order.");
            vectors.AddRange(embeddings.Select(e => e.Vector));
        }
        return new EmbeddingRetriever(generator, options, passages, new CosineIndex(vectors));
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The query embedding's size differs from the corpus embeddings'.</exception>
    public async Task<IReadOnlyList<Passage>> SearchAsync(string query, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        cancellationToken.ThrowIfCancellationRequested();
        if (_corpus.Length == 0) return [];
        var vector = await _generator.GenerateVectorAsync(query, _generationOptions, cancellationToken).ConfigureAwait(false);
        var nearest = _index.Nearest(vector.Span, k);
        var passages = new Passage[nearest.Count];
        for (var i = 0; i < passages.Length; i++)
            passages[i] = _corpus[nearest[i].Row] with { Score = nearest[i].Score };
        return passages;
    }
}
