using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Dspy.Fluent;

/// <summary>
/// The Lucene side of <see cref="Bm25Retriever"/>: writes the index, opens it, turns query text into a BM25 query
/// and runs it. One searcher is shared by all callers; Lucene's searchers, readers and analyzers are thread-safe.
/// </summary>
internal sealed class Bm25Index : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Stored for display only; what is searched is ContentField, title and text together.
    private const string TitleField = "title";
    private const string TextField = "text";
    private const string ContentField = "content";

    // Commit user data: marks an index as ours and keeps the BM25 parameters it was built with, so a reopened
    // index scores exactly like the one that was built.
    private const string FormatKey = "dspy.fluent.index";
    private const string FormatValue = "bm25/1";
    private const string K1Key = "dspy.fluent.bm25.k1";
    private const string BKey = "dspy.fluent.bm25.b";

    private readonly LuceneDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer;

    // Stored fields are compressed in blocks, so loading one document costs a block decompression; each passage is
    // loaded once and kept. Only retrieved passages are cached, so memory follows what queries touch.
    private readonly Passage?[] _loaded;

    // Lucene.Net finds its codec and postings/doc-values formats by name and creates them, and the token attributes behind
    // each attribute interface, by reflection (parameterless constructors). These are the ones an English BM25 index uses;
    // naming them keeps them in a trimmed or Native AOT app, where nothing else would. (On the constructor: Create
    // and Open both end in it, so the dependency is kept whenever an index can be.)
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(Lucene.Net.Codecs.Lucene46.Lucene46Codec))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(Lucene.Net.Codecs.Lucene41.Lucene41PostingsFormat))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(Lucene.Net.Codecs.Lucene45.Lucene45DocValuesFormat))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(CharTermAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(OffsetAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(PositionIncrementAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(PositionLengthAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(TypeAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(KeywordAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(PayloadAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(Lucene.Net.Analysis.TokenAttributes.FlagsAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(BoostAttribute))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(MaxNonCompetitiveBoostAttribute))]
    private Bm25Index(LuceneDirectory directory, DirectoryReader reader, Analyzer analyzer, float k1, float b)
    {
        _directory = directory;
        _reader = reader;
        _analyzer = analyzer;
        K1 = k1;
        B = b;
        _searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity(k1, b) };
        _loaded = new Passage?[reader.MaxDoc];
    }

    public float K1 { get; }

    public float B { get; }

    public int Count => _reader.NumDocs;

    /// <summary>Indexes <paramref name="corpus"/> into an empty <paramref name="directory"/> and opens it; takes ownership of the directory.</summary>
    public static Bm25Index Create(LuceneDirectory directory, IEnumerable<Passage> corpus, float k1, float b)
    {
        var analyzer = new EnglishAnalyzer(Version);
        try
        {
            var config = new IndexWriterConfig(Version, analyzer)
            {
                OpenMode = OpenMode.CREATE,
                Similarity = new BM25Similarity(k1, b),
                // Log merging only merges neighbouring segments, so document ids follow corpus order and equal
                // scores rank in corpus order, the same in memory and on disk.
                MergePolicy = new LogByteSizeMergePolicy(),
                RAMBufferSizeMB = 64,
            };
            using (var writer = new IndexWriter(directory, config))
            {
                var index = 0;
                foreach (var passage in corpus)
                {
                    if (passage is null) throw new ArgumentException($"The corpus has a null passage at position {index}.", nameof(corpus));
                    writer.AddDocument(new LuceneDocument
                    {
                        new StoredField(TitleField, passage.Title),
                        new StoredField(TextField, passage.Text),
                        new TextField(ContentField, passage.Title + "\n" + passage.Text, Lucene.Net.Documents.Field.Store.NO),
                    });
                    index++;
                }
                writer.ForceMerge(1);
                writer.SetCommitData(new Dictionary<string, string>
                {
                    [FormatKey] = FormatValue,
                    [K1Key] = k1.ToString("R", CultureInfo.InvariantCulture),
                    [BKey] = b.ToString("R", CultureInfo.InvariantCulture),
                });
                writer.Commit();
            }
            return new Bm25Index(directory, DirectoryReader.Open(directory), analyzer, k1, b);
        }
        catch
        {
            analyzer.Dispose();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Opens an index written by <see cref="Create"/>; takes ownership of the directory.</summary>
    /// <param name="directory">The Lucene directory.</param>
    /// <param name="where">Where the index is, for error messages.</param>
    public static Bm25Index Open(LuceneDirectory directory, string where)
    {
        DirectoryReader? reader = null;
        try
        {
            if (!DirectoryReader.IndexExists(directory))
                throw new InvalidDataException(
                    $"'{where}' holds no search index (no Lucene segments file). Build one there with Bm25Retriever.BuildInFolder, " +
                    "or check the path.");
            try
            {
                reader = DirectoryReader.Open(directory);
                // Opening reads only headers; verifying every file's checksum now (one sequential read) turns a
                // flipped bit or a missing file into this clear error instead of a failure in the middle of a run.
                foreach (var leaf in reader.Leaves) leaf.AtomicReader.CheckIntegrity();
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or FormatException)
            {
                throw new InvalidDataException(
                    $"The search index in '{where}' is damaged and cannot be read ({e.GetType().Name}: {e.Message}). " +
                    "Build it again with Bm25Retriever.BuildInFolder on the same folder; that replaces the damaged files.", e);
            }
            var data = reader.IndexCommit.UserData;
            if (!data.TryGetValue(FormatKey, out var format) || format != FormatValue)
                throw new InvalidDataException(
                    $"'{where}' holds a Lucene index that Bm25Retriever did not build (format marker '{FormatKey}' is " +
                    $"{(format is null ? "missing" : $"'{format}', expected '{FormatValue}'")}). Build one with Bm25Retriever.BuildInFolder.");
            var k1 = ReadFloat(data, K1Key, where);
            var b = ReadFloat(data, BKey, where);
            return new Bm25Index(directory, reader, new EnglishAnalyzer(Version), k1, b);
        }
        catch
        {
            reader?.Dispose();
            directory.Dispose();
            throw;
        }
    }

    public IReadOnlyList<Passage> Search(string query, int k)
    {
        var parsed = BuildQuery(query);
        if (parsed is null) return [];
        var hits = _searcher.Search(parsed, Math.Min(k, Math.Max(1, Count))).ScoreDocs;
        var passages = new Passage[hits.Length];
        for (var i = 0; i < hits.Length; i++)
            passages[i] = Load(hits[i].Doc) with { Score = hits[i].Score };
        return passages;
    }

    private Passage Load(int docId)
    {
        // Racing loads of the same document write equal values, so no lock is needed.
        if (Volatile.Read(ref _loaded[docId]) is { } cached) return cached;
        var doc = _searcher.Doc(docId);
        var passage = new Passage(doc.Get(TitleField) ?? "", doc.Get(TextField) ?? "");
        Volatile.Write(ref _loaded[docId], passage);
        return passage;
    }

    /// <summary>
    /// The query as a disjunction of its analysed terms, each weighted by how often it occurs. The text is never read
    /// as Lucene query syntax, so whatever an LM writes (<c>?</c>, <c>:</c>, quotes, <c>AND</c>) cannot fail to parse.
    /// A word repeated n times weighs n times, as n separate clauses would (BM25 has no coordination factor).
    /// Null when no term survives analysis (e.g. only stop words).
    /// </summary>
    private BooleanQuery? BuildQuery(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        using (var stream = _analyzer.GetTokenStream(ContentField, new StringReader(text)))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var word = term.ToString();
                if (counts.TryGetValue(word, out var n)) counts[word] = n + 1;
                else if (order.Count < BooleanQuery.MaxClauseCount) { counts[word] = 1; order.Add(word); }
            }
            stream.End();
        }
        if (order.Count == 0) return null;
        var query = new BooleanQuery();
        foreach (var word in order)
            query.Add(new TermQuery(new Term(ContentField, word)) { Boost = counts[word] }, Occur.SHOULD);
        return query;
    }

    private static float ReadFloat(IDictionary<string, string> data, string key, string where) =>
        data.TryGetValue(key, out var text) && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"The search index in '{where}' lacks its BM25 parameter '{key}'; build it again with Bm25Retriever.BuildInFolder.");

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
