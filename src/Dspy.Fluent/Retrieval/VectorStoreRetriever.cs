using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Dspy.Fluent;

/// <summary>
/// A retriever over any <c>Microsoft.Extensions.VectorData</c> collection (Qdrant, Azure AI Search, Postgres,
/// SQLite, in-memory…): searches it with <c>SearchAsync</c> and maps each record to a <see cref="Passage"/> with your
/// title and text selectors.
/// </summary>
/// <typeparam name="TRecord">The collection's record type.</typeparam>
/// <remarks>
/// <para>Pass a <see cref="VectorStoreCollection{TKey, TRecord}"/> or anything else that implements
/// <see cref="IVectorSearchable{TRecord}"/>. The query reaches the collection as text when it embeds text itself, or as
/// a vector when <see cref="VectorStoreRetrieverOptions{TRecord}.EmbeddingGenerator"/> is set.</para>
/// <para>Ranking and scores are the store's: a passage's <see cref="Passage.Score"/> is the record's
/// <see cref="VectorSearchResult{TRecord}.Score"/> (a similarity or a distance, depending on the collection's distance
/// function; 0 when the store reports none), and passages keep the store's order.</para>
/// <para>Thread-safe when the collection is (collections are, unless documented otherwise).</para>
/// </remarks>
/// <example>
/// <code>
/// VectorStoreCollection&lt;string, WikiRecord&gt; collection = vectorStore.GetCollection&lt;string, WikiRecord&gt;("wiki");
/// var retriever = new VectorStoreRetriever&lt;WikiRecord&gt;(collection, r =&gt; r.Title, r =&gt; r.Abstract);
/// var passages = await retriever.SearchAsync("Who founded Orvale Press?", k: 3);
/// </code>
/// </example>
public sealed class VectorStoreRetriever<TRecord> : IRetriever
    where TRecord : class
{
    private readonly IVectorSearchable<TRecord> _collection;
    private readonly Func<TRecord, string> _title;
    private readonly Func<TRecord, string> _text;
    private readonly VectorStoreRetrieverOptions<TRecord> _options;

    /// <summary>Creates a retriever over <paramref name="collection"/>.</summary>
    /// <param name="collection">The collection to search.</param>
    /// <param name="title">Reads a record's title (may return an empty string).</param>
    /// <param name="text">Reads a record's text.</param>
    /// <param name="options">Name, query embedding and search options; null for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options' name is empty.</exception>
    public VectorStoreRetriever(IVectorSearchable<TRecord> collection, Func<TRecord, string> title, Func<TRecord, string> text,
        VectorStoreRetrieverOptions<TRecord>? options = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        options ??= new VectorStoreRetrieverOptions<TRecord>();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        _collection = collection;
        _title = title;
        _text = text;
        _options = options;
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A selector returned null text for a record.</exception>
    public async Task<IReadOnlyList<Passage>> SearchAsync(string query, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        cancellationToken.ThrowIfCancellationRequested();
        var results = _options.EmbeddingGenerator is { } generator
            ? _collection.SearchAsync(
                await generator.GenerateVectorAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false),
                k, _options.SearchOptions, cancellationToken)
            : _collection.SearchAsync(query, k, _options.SearchOptions, cancellationToken);

        var passages = new List<Passage>(k);
        await foreach (var result in results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var record = result.Record;
            var text = _text(record) ?? throw new InvalidOperationException(
                $"Retriever '{Name}': the text selector returned null for a {typeof(TRecord).Name} record; map every record to its passage text.");
            passages.Add(new Passage(_title(record) ?? "", text, result.Score ?? 0));
            // Stores should honour top, but one that does not must not flood the prompt.
            if (passages.Count == k) break;
        }
        return passages;
    }
}
