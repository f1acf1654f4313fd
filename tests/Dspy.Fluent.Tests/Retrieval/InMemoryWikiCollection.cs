using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Dspy.Fluent.Tests;

/// <summary>A record as a user might store wiki abstracts in a vector database.</summary>
public sealed class WikiRecord
{
    [VectorStoreKey]
    public required string Key { get; init; }

    [VectorStoreData]
    public required string Heading { get; init; }

    [VectorStoreData]
    public required string Abstract { get; init; }

    [VectorStoreData(IsIndexed = true)]
    public string Region { get; init; } = "";

    [VectorStoreVector(2)]
    public ReadOnlyMemory<float> Vector { get; init; }
}

/// <summary>
/// A minimal in-memory vector store collection: exact cosine similarity, filters, and text queries embedded with an
/// optional generator, like a real connector configured with one. It remembers what each search was given.
/// </summary>
internal sealed class InMemoryWikiCollection(IEmbeddingGenerator<string, Embedding<float>>? generator = null)
    : VectorStoreCollection<string, WikiRecord>
{
    private readonly Dictionary<string, WikiRecord> _records = [];

    public List<object> SearchValues { get; } = [];

    public override string Name => "wiki";

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        _records.Clear();
        return Task.CompletedTask;
    }

    public override Task<WikiRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.GetValueOrDefault(key));

    public override async IAsyncEnumerable<WikiRecord> GetAsync(Expression<Func<WikiRecord, bool>> filter, int top,
        FilteredRecordRetrievalOptions<WikiRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var record in _records.Values.Where(filter.Compile()).Take(top)) yield return record;
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        _records.Remove(key);
        return Task.CompletedTask;
    }

    public override Task UpsertAsync(WikiRecord record, CancellationToken cancellationToken = default)
    {
        _records[record.Key] = record;
        return Task.CompletedTask;
    }

    public override Task UpsertAsync(IEnumerable<WikiRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var record in records) _records[record.Key] = record;
        return Task.CompletedTask;
    }

    public override async IAsyncEnumerable<VectorSearchResult<WikiRecord>> SearchAsync<TInput>(TInput searchValue, int top,
        VectorSearchOptions<WikiRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SearchValues.Add(searchValue!);
        var query = searchValue switch
        {
            ReadOnlyMemory<float> vector => vector,
            string text when generator is not null => await generator.GenerateVectorAsync(text, cancellationToken: cancellationToken),
            _ => throw new NotSupportedException($"This collection cannot search with a {typeof(TInput).Name}."),
        };
        var filter = options?.Filter?.Compile() ?? (_ => true);
        var ranked = _records.Values
            .Where(filter)
            .Select(r => new VectorSearchResult<WikiRecord>(r, Cosine(query.Span, r.Vector.Span)))
            .OrderByDescending(r => r.Score)
            .Skip(options?.Skip ?? 0)
            .Take(top);
        foreach (var result in ranked) yield return result;
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
