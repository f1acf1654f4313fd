using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// Reads HotPotQA's own files (the distractor and fullwiki JSON with <c>_id, question, answer, type, level,
/// supporting_facts, context</c>), streaming, as examples and as a passage corpus.
/// </summary>
/// <remarks>
/// <para>Corresponds to DSPy's <c>dspy.datasets.HotPotQA</c>, which reads the same data from the Hugging Face hub; this reads
/// a local file (nothing is downloaded). The file may be a JSON array (the official files) or JSON lines; both the official
/// pair layout and the Hugging Face column layout of <c>supporting_facts</c> and <c>context</c> are accepted.</para>
/// <para>Each example has <c>id</c>, <c>question</c>, <c>answer</c>, <c>type</c>, <c>level</c>, <c>supporting_facts</c>
/// (a list of <see cref="SupportingFact"/>), <c>supporting_titles</c> (the distinct titles, in order; DSPy calls them
/// <c>gold_titles</c>) and, with <see cref="HotPotQAOptions.IncludeContext"/>, <c>context</c>. A context paragraph becomes
/// <c>"title | sentences joined"</c>, the shape of DSPy's Wikipedia abstracts.</para>
/// <para>Every field's type is checked; a bad row throws a <see cref="DataFormatException"/> naming the file, line, element,
/// id and field, or is skipped and reported with <see cref="HotPotQAOptions.SkipBadRows"/>.</para>
/// </remarks>
/// <example>
/// <code>
/// HotPotQAData data = await HotPotQA.LoadAsync("hotpot_dev_distractor_v1.json", new HotPotQAOptions { Levels = ["hard"] });
/// var trainset = Dataset.Shuffle(data.Examples, seed: 0).Take(20).ToList();
/// IReadOnlyList&lt;string&gt; corpus = data.Corpus;   // "Title | First sentence. Second sentence."
/// </code>
/// </example>
public static class HotPotQA
{
    private static readonly HotPotQAOptions Defaults = new();

    /// <summary>Streams the examples of a HotPotQA file.</summary>
    /// <param name="path">A HotPotQA JSON (array) or JSON lines file.</param>
    /// <param name="options">Input keys, context, levels and bad-row handling; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One example per row (rows of levels not asked for are left out).</returns>
    /// <exception cref="DataFormatException">While enumerating: a bad row (unless skipped) or a broken file.</exception>
    public static IAsyncEnumerable<Example> ReadAsync(string path, HotPotQAOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = Checked(options, streaming: true);
        return RowPipeline.FromFile(path, (stream, ct) => Examples(Rows(stream, path, o, ct)), cancellationToken);
    }

    /// <summary>Streams the examples of HotPotQA data read from <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">A JSON array or JSON lines, UTF-8.</param>
    /// <param name="options">Input keys, context, levels, bad-row handling and <see cref="HotPotQAOptions.SourceName"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One example per row.</returns>
    public static IAsyncEnumerable<Example> ReadAsync(Stream stream, HotPotQAOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var o = Checked(options, streaming: true);
        return Examples(Rows(stream, o.SourceName ?? "stream", o, cancellationToken));
    }

    /// <summary>Streams the corpus of a HotPotQA file: each context paragraph once (the first with its title wins), as <c>"title | text"</c>.</summary>
    /// <param name="path">A HotPotQA JSON (array) or JSON lines file.</param>
    /// <param name="options">Levels and bad-row handling; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The passages, in file order.</returns>
    public static IAsyncEnumerable<string> ReadCorpusAsync(string path, HotPotQAOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = Checked(options, streaming: true);
        return RowPipeline.FromFile(path, (stream, ct) => Corpus(Rows(stream, path, o, ct), ct), cancellationToken);
    }

    /// <summary>Streams the corpus of HotPotQA data read from <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">A JSON array or JSON lines, UTF-8.</param>
    /// <param name="options">Levels, bad-row handling and <see cref="HotPotQAOptions.SourceName"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The passages, in file order.</returns>
    public static IAsyncEnumerable<string> ReadCorpusAsync(Stream stream, HotPotQAOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var o = Checked(options, streaming: true);
        return Corpus(Rows(stream, o.SourceName ?? "stream", o, cancellationToken), cancellationToken);
    }

    /// <summary>Reads a whole HotPotQA file in one pass: examples, corpus and skipped rows.</summary>
    /// <param name="path">A HotPotQA JSON (array) or JSON lines file.</param>
    /// <param name="options">Input keys, context, levels and bad-row handling; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The examples, the corpus and the rows skipped.</returns>
    public static async Task<HotPotQAData> LoadAsync(string path, HotPotQAOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = Checked(options, streaming: false);
        var corpus = new CorpusBuilder();
        var (rows, skipped) = await RowPipeline.CollectAsync(
            report => RowPipeline.FromFile(path, (stream, ct) => Rows(stream, path, o with { OnBadRow = report }, ct), cancellationToken),
            o.OnBadRow, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows) corpus.Add(row.Paragraphs);
        return new HotPotQAData(rows.Select(r => r.Example).ToList(), corpus.Passages, skipped);
    }

    private static async IAsyncEnumerable<HotPotQARow> Rows(Stream stream, string source, HotPotQAOptions o, [EnumeratorCancellation] CancellationToken ct)
    {
        var (replay, isArray) = await JsonContainer.DetectAsync(stream, ct).ConfigureAwait(false);
        var rows = isArray ? JsonArrayReader.ReadAsync(replay, source, ct) : JsonLinesReader.ReadAsync(replay, source, ct);
        await foreach (var row in RowPipeline.Convert<JsonElement, HotPotQARow>(rows, (e, _) => HotPotQARowParser.Parse(e, o), o.SkipBadRows, o.OnBadRow, ct)
            .ConfigureAwait(false))
            yield return row;
    }

    private static async IAsyncEnumerable<Example> Examples(IAsyncEnumerable<HotPotQARow> rows)
    {
        await foreach (var row in rows.ConfigureAwait(false)) yield return row.Example;
    }

    private static async IAsyncEnumerable<string> Corpus(IAsyncEnumerable<HotPotQARow> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        var corpus = new CorpusBuilder();
        await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
            foreach (var passage in corpus.Add(row.Paragraphs))
                yield return passage;
    }

    private static HotPotQAOptions Checked(HotPotQAOptions? options, bool streaming)
    {
        var o = options ?? Defaults;
        o.Validate(streaming);
        return o;
    }

    /// <summary>Keeps the first paragraph seen for each title.</summary>
    private sealed class CorpusBuilder
    {
        private readonly HashSet<string> titles = new(StringComparer.Ordinal);
        public List<string> Passages { get; } = [];

        public List<string> Add(IReadOnlyList<KeyValuePair<string, string>> paragraphs)
        {
            var added = new List<string>();
            foreach (var (title, text) in paragraphs)
            {
                if (!titles.Add(title)) continue;
                var passage = $"{title} | {text}";
                Passages.Add(passage);
                added.Add(passage);
            }
            return added;
        }
    }
}
