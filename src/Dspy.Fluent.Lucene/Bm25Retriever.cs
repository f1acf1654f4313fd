using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Dspy.Fluent;

/// <summary>
/// A BM25 full-text retriever over a Lucene index with English analysis (lower-casing, stop words, possessives,
/// Porter stemming). Build it from a corpus in memory, or in a folder that <see cref="Open"/> reopens later without
/// indexing again.
/// </summary>
/// <remarks>
/// <para>The title and text of each passage are indexed together as one field; scores are Lucene's BM25
/// (<c>k1</c> and <c>b</c> from <see cref="Bm25RetrieverOptions"/>, stored with the index). Equal scores rank in
/// corpus order.</para>
/// <para>Queries are analysed as plain words, never parsed as Lucene syntax, so text an LM writes (question marks,
/// colons, quotes, parentheses, <c>AND</c>) is safe. A query with no indexable word returns no passages.</para>
/// <para>Thread-safe: any number of callers may search at once (they share one searcher). Dispose it when done;
/// a disposed retriever throws <see cref="ObjectDisposedException"/>.</para>
/// <para>Corresponds to the BM25 retrievers used with DSPy (e.g. <c>dspy.retrievers</c> over a wiki abstracts corpus).</para>
/// </remarks>
/// <example>
/// <code>
/// using var retriever = Bm25Retriever.Build([
///     "Orvale Press | Orvale Press is a publisher founded by Mira Tansel in 1931.",
///     "Mira Tansel | Mira Tansel was a printer born in Quillby.",
/// ]);
/// var passages = await retriever.SearchAsync("Who founded Orvale Press?", k: 1);
/// // passages[0].Title == "Orvale Press"
/// </code>
/// </example>
public sealed class Bm25Retriever : IRetriever, IDisposable
{
    private readonly Bm25Index _index;
    private volatile bool _disposed;

    private Bm25Retriever(Bm25Index index, string name, string? folder)
    {
        _index = index;
        Name = name;
        Folder = folder;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The folder the index lives in, or null for an in-memory index.</summary>
    public string? Folder { get; }

    /// <summary>How many passages the index holds.</summary>
    public int Count => _index.Count;

    /// <summary>The BM25 <c>k1</c> the index scores with.</summary>
    public float K1 => _index.K1;

    /// <summary>The BM25 <c>b</c> the index scores with.</summary>
    public float B => _index.B;

    /// <summary>Indexes passage strings (<c>"title | text"</c>, see <see cref="Passage.Parse"/>) in memory.</summary>
    /// <param name="corpus">The passages as strings.</param>
    /// <param name="options">Name and BM25 parameters; null for the defaults.</param>
    /// <returns>A retriever over the new index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="corpus"/> is null.</exception>
    /// <exception cref="ArgumentException">The corpus holds a null entry.</exception>
    public static Bm25Retriever Build(IEnumerable<string> corpus, Bm25RetrieverOptions? options = null) =>
        Build(ParseAll(corpus), options);

    /// <summary>Indexes passages (title and text) in memory.</summary>
    /// <param name="corpus">The passages; their scores are ignored.</param>
    /// <param name="options">Name and BM25 parameters; null for the defaults.</param>
    /// <returns>A retriever over the new index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="corpus"/> is null.</exception>
    /// <exception cref="ArgumentException">The corpus holds a null passage.</exception>
    public static Bm25Retriever Build(IEnumerable<Passage> corpus, Bm25RetrieverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        options = Check(options);
        return new(Bm25Index.Create(new RAMDirectory(), corpus, options.K1, options.B), options.Name, null);
    }

    /// <summary>Indexes passage strings (<c>"title | text"</c>) into <paramref name="folder"/>, replacing any index there.</summary>
    /// <param name="folder">The folder; created if missing.</param>
    /// <param name="corpus">The passages as strings.</param>
    /// <param name="options">Name and BM25 parameters; null for the defaults.</param>
    /// <returns>A retriever over the new index; later, <see cref="Open"/> the folder instead of building again.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="folder"/> or <paramref name="corpus"/> is null.</exception>
    /// <exception cref="ArgumentException">The corpus holds a null entry, or the folder path is empty.</exception>
    public static Bm25Retriever BuildInFolder(string folder, IEnumerable<string> corpus, Bm25RetrieverOptions? options = null) =>
        BuildInFolder(folder, ParseAll(corpus), options);

    /// <summary>Indexes passages into <paramref name="folder"/>, replacing any index there.</summary>
    /// <param name="folder">The folder; created if missing.</param>
    /// <param name="corpus">The passages; their scores are ignored.</param>
    /// <param name="options">Name and BM25 parameters; null for the defaults.</param>
    /// <returns>A retriever over the new index; later, <see cref="Open"/> the folder instead of building again.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="folder"/> or <paramref name="corpus"/> is null.</exception>
    /// <exception cref="ArgumentException">The corpus holds a null passage, or the folder path is empty.</exception>
    /// <example>
    /// <code>
    /// var folder = Path.Combine(cacheRoot, "wiki-bm25");
    /// using var retriever = System.IO.Directory.Exists(folder)
    ///     ? Bm25Retriever.Open(folder)
    ///     : Bm25Retriever.BuildInFolder(folder, corpus);
    /// </code>
    /// </example>
    public static Bm25Retriever BuildInFolder(string folder, IEnumerable<Passage> corpus, Bm25RetrieverOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(corpus);
        options = Check(options);
        var path = Path.GetFullPath(folder);
        System.IO.Directory.CreateDirectory(path);
        return new(Bm25Index.Create(FSDirectory.Open(path), corpus, options.K1, options.B), options.Name, path);
    }

    /// <summary>Opens an index that <see cref="BuildInFolder(string, IEnumerable{Passage}, Bm25RetrieverOptions?)"/> wrote, without indexing again.</summary>
    /// <param name="folder">The index folder.</param>
    /// <param name="name">The retriever's name in traces.</param>
    /// <returns>A retriever that scores exactly like the one that built the index (same BM25 parameters).</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> or <paramref name="name"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist; the message names it.</exception>
    /// <exception cref="InvalidDataException">The folder holds no index, a damaged one, or one not built by this class;
    /// the message names the folder and says how to fix it.</exception>
    public static Bm25Retriever Open(string folder, string name = "retrieve")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = Path.GetFullPath(folder);
        if (!System.IO.Directory.Exists(path))
            throw new DirectoryNotFoundException(
                $"There is no search index at '{path}': the folder does not exist. Build one there with Bm25Retriever.BuildInFolder, or check the path.");
        LuceneDirectory directory = FSDirectory.Open(path);
        return new(Bm25Index.Open(directory, path), name, path);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Passage>> SearchAsync(string query, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        // A search takes microseconds of CPU and no I/O worth awaiting (the index is in memory or memory-mapped).
        return Task.FromResult(_index.Search(query, k));
    }

    /// <summary>Releases the index (and its files, for a folder index).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _index.Dispose();
    }

    private static Bm25RetrieverOptions Check(Bm25RetrieverOptions? options)
    {
        options ??= new Bm25RetrieverOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        if (!(options.K1 >= 0) || float.IsInfinity(options.K1))
            throw new ArgumentOutOfRangeException(nameof(options), options.K1, "Bm25RetrieverOptions.K1 must be a finite number ≥ 0 (Lucene's default is 1.2).");
        if (!(options.B is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.B, "Bm25RetrieverOptions.B must be between 0 and 1 (Lucene's default is 0.75).");
        return options;
    }

    private static IEnumerable<Passage> ParseAll(IEnumerable<string> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return corpus.Select((text, i) => text is null
            ? throw new ArgumentException($"The corpus has a null passage at position {i}.", nameof(corpus))
            : Passage.Parse(text));
    }
}
