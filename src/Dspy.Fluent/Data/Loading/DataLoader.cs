namespace Dspy.Fluent;

/// <summary>
/// Reads examples from JSON arrays, JSON lines and CSV files, streaming: rows are read and turned into examples one at a
/// time, so a large file is never in memory at once. Bad rows throw a <see cref="DataFormatException"/> that names the file,
/// line, row and field, or are skipped and reported when <see cref="DataLoadOptions.SkipBadRows"/> is set.
/// </summary>
/// <remarks>
/// Corresponds to DSPy's <c>dspy.datasets.DataLoader</c> (<c>from_json</c>, <c>from_csv</c>, with <c>fields</c> and
/// <c>input_keys</c>). The <c>Read…</c> methods stream (<see cref="IAsyncEnumerable{T}"/>); the <c>Load…</c> methods read
/// everything into a <see cref="DataLoadResult"/> that also lists the skipped rows. JSON values become plain .NET values:
/// strings, <see cref="long"/> or <see cref="double"/>, <see cref="bool"/>, null, lists (<c>object?[]</c>) and dictionaries.
/// CSV values are strings; an empty cell in a required field (an input key or one of <see cref="DataLoadOptions.Fields"/>) is a bad row.
/// For HotPotQA's own files use <see cref="HotPotQA"/>.
/// </remarks>
/// <example>
/// <code>
/// var options = new DataLoadOptions { InputKeys = ["question"] };
/// await foreach (var example in DataLoader.ReadJsonLinesAsync("train.jsonl", options))
///     Console.WriteLine(example.GetText("question"));
///
/// DataLoadResult loaded = await DataLoader.LoadCsvAsync("dev.csv", options with { SkipBadRows = true });
/// Console.WriteLine($"{loaded.Examples.Count} examples, {loaded.SkippedCount} rows skipped");
/// </code>
/// </example>
public static partial class DataLoader
{
    private static readonly DataLoadOptions Defaults = new();

    /// <summary>Streams the elements of a JSON file holding one array of objects.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Input keys, fields and bad-row handling; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One example per element, read as the caller enumerates.</returns>
    /// <exception cref="DataFormatException">While enumerating: a bad element (unless skipped) or a JSON syntax error (never skippable:
    /// the elements after it cannot be located).</exception>
    public static IAsyncEnumerable<Example> ReadJsonAsync(string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = Checked(options, streaming: true);
        return RowPipeline.FromFile(path, (stream, ct) => JsonArray(stream, path, o, ct), cancellationToken);
    }

    /// <summary>Streams the elements of a JSON array read from <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">The JSON text, UTF-8.</param>
    /// <param name="options">Input keys, fields, bad-row handling, and <see cref="DataLoadOptions.SourceName"/> for messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One example per element.</returns>
    public static IAsyncEnumerable<Example> ReadJsonAsync(Stream stream, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var o = Checked(options, streaming: true);
        return JsonArray(stream, o.SourceName ?? "stream", o, cancellationToken);
    }

    /// <summary>Streams a JSON lines file: one JSON object per line (blank lines are ignored).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Input keys, fields and bad-row handling; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One example per non-blank line.</returns>
    /// <exception cref="DataFormatException">While enumerating: a malformed line, a line that is not an object, or a missing field (unless skipped).</exception>
    public static IAsyncEnumerable<Example> ReadJsonLinesAsync(string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = Checked(options, streaming: true);
        return RowPipeline.FromFile(path, (stream, ct) => JsonLines(stream, path, o, ct), cancellationToken);
    }

    /// <summary>Streams JSON lines read from <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">The text, UTF-8.</param>
    /// <param name="options">Input keys, fields, bad-row handling, and <see cref="DataLoadOptions.SourceName"/> for messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One example per non-blank line.</returns>
    public static IAsyncEnumerable<Example> ReadJsonLinesAsync(Stream stream, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var o = Checked(options, streaming: true);
        return JsonLines(stream, o.SourceName ?? "stream", o, cancellationToken);
    }

    /// <summary>Reads a whole JSON array file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Input keys, fields and bad-row handling; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The examples and the rows skipped.</returns>
    public static Task<DataLoadResult> LoadJsonAsync(string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default) =>
        LoadAsync(path, options, ReadJsonAsync, cancellationToken);

    /// <summary>Reads a whole JSON lines file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Input keys, fields and bad-row handling; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The examples and the rows skipped.</returns>
    public static Task<DataLoadResult> LoadJsonLinesAsync(string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default) =>
        LoadAsync(path, options, ReadJsonLinesAsync, cancellationToken);

    private static IAsyncEnumerable<Example> JsonArray(Stream stream, string source, DataLoadOptions o, CancellationToken ct) =>
        RowPipeline.Convert(JsonArrayReader.ReadAsync(stream, source, ct), (row, _) => RowPipeline.FromJsonObject(row, o, "Each element of the array"),
            o.SkipBadRows, o.OnBadRow, ct);

    private static IAsyncEnumerable<Example> JsonLines(Stream stream, string source, DataLoadOptions o, CancellationToken ct) =>
        RowPipeline.Convert(JsonLinesReader.ReadAsync(stream, source, ct), (row, _) => RowPipeline.FromJsonObject(row, o, "Each line"),
            o.SkipBadRows, o.OnBadRow, ct);

    private static async Task<DataLoadResult> LoadAsync(string path, DataLoadOptions? options,
        Func<string, DataLoadOptions, CancellationToken, IAsyncEnumerable<Example>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = Checked(options, streaming: false);
        var (examples, skipped) = await RowPipeline.CollectAsync(report => read(path, o with { OnBadRow = report }, cancellationToken), o.OnBadRow, cancellationToken)
            .ConfigureAwait(false);
        return new DataLoadResult(examples, skipped);
    }

    private static DataLoadOptions Checked(DataLoadOptions? options, bool streaming)
    {
        var o = options ?? Defaults;
        o.Validate(streaming);
        return o;
    }
}
