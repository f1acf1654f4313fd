using System.Runtime.CompilerServices;
using System.Text;

namespace Dspy.Fluent;

public static partial class DataLoader
{
    /// <summary>Streams a CSV file (RFC 4180): the first record names the fields, each later record is one example.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Input keys, fields, bad-row handling and <see cref="DataLoadOptions.CsvDelimiter"/>; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One example per record; values are strings.</returns>
    /// <exception cref="DataFormatException">While enumerating: a record with the wrong number of cells, a stray quote or an empty
    /// required cell (unless skipped); an unclosed quote or a bad header (never skippable).</exception>
    public static IAsyncEnumerable<Example> ReadCsvAsync(string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = Checked(options, streaming: true);
        return RowPipeline.FromFile(path, (stream, ct) => Csv(stream, path, o, ct), cancellationToken);
    }

    /// <summary>Streams CSV read from <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">The text; UTF-8 unless a byte order mark says otherwise.</param>
    /// <param name="options">Input keys, fields, bad-row handling, delimiter, and <see cref="DataLoadOptions.SourceName"/> for messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One example per record.</returns>
    public static IAsyncEnumerable<Example> ReadCsvAsync(Stream stream, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var o = Checked(options, streaming: true);
        return Csv(stream, o.SourceName ?? "stream", o, cancellationToken);
    }

    /// <summary>Reads a whole CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Input keys, fields, bad-row handling and delimiter; defaults if null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The examples and the rows skipped.</returns>
    public static Task<DataLoadResult> LoadCsvAsync(string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default) =>
        LoadAsync(path, options, ReadCsvAsync, cancellationToken);

    private static IAsyncEnumerable<Example> Csv(Stream stream, string source, DataLoadOptions o, CancellationToken ct)
    {
        var header = new HeaderBox();
        return RowPipeline.Convert(ReadCsvRecords(stream, source, o, header, ct), (cells, _) => FromCells(cells, header, o), o.SkipBadRows, o.OnBadRow, ct);
    }

    // The header is only known once enumeration starts; the converter reads it from this box.
    private sealed class HeaderBox
    {
        public IReadOnlyList<string> Names { get; set; } = [];
    }

    private static async IAsyncEnumerable<SourceRow<IReadOnlyList<string>>> ReadCsvRecords(Stream stream, string source, DataLoadOptions o, HeaderBox header,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var text = new StreamReader(new StrictUtf8Stream(stream, source), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, JsonLinesReader.BufferSize, leaveOpen: true);
        var reader = new CsvRecordReader(text, source, o.CsvDelimiter);
        var first = await reader.ReadAsync(ct).ConfigureAwait(false)
            ?? throw HeaderError(source, 1, "the file is empty", "A CSV file needs a header row naming its columns");
        CheckHeader(first, source, o);
        header.Names = first.Cells;
        reader.UseHeader(first.Cells);
        long index = 0;
        while (await reader.ReadAsync(ct).ConfigureAwait(false) is { } record)
        {
            var where = new RowLocation(source, record.Line, index++, RowShape.CsvRecord);
            var problem = record.Problem ?? (record.Cells.Count == first.Cells.Count ? null : new RowProblem(null,
                $"the row has {Count(record.Cells.Count, "cell")} but the header has {Count(first.Cells.Count, "column")}",
                "Quote cells that contain the delimiter or a line break, e.g. \"Paris, France\", and give every row one cell per column"));
            yield return new(record.Cells, where, problem);
        }
    }

    private static void CheckHeader(CsvRecord header, string source, DataLoadOptions o)
    {
        if (header.Problem is { } p) throw HeaderError(source, header.Line, $"the header row is malformed: {p.Problem}", p.Advice);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var name = header.Cells[i].Trim();
            if (name.Length == 0)
                throw HeaderError(source, header.Line, $"column {i + 1} of the header has no name", "Give every column a name in the first row");
            if (!seen.TryAdd(header.Cells[i], i))
                throw HeaderError(source, header.Line, $"the header names '{header.Cells[i]}' twice (columns {seen[header.Cells[i]] + 1} and {i + 1})",
                    "Rename one of the columns");
        }
        // A required column missing from the header would fail every row; say so once, about the header.
        foreach (var field in (o.Fields ?? []).Concat(o.InputKeys))
            if (!seen.ContainsKey(field))
                throw HeaderError(source, header.Line, $"the header has no column '{field}' (its columns are {string.Join(", ", header.Cells)})",
                    $"Add a '{field}' column, or leave '{field}' out of InputKeys and Fields");
    }

    private static DataFormatException HeaderError(string source, long line, string problem, string advice) =>
        new(new RowLocation(source, line, 0, RowShape.File).Bad(null, problem, advice), canSkip: false);

    private static Example FromCells(IReadOnlyList<string> cells, HeaderBox header, DataLoadOptions o)
    {
        var names = header.Names;
        var entries = new List<KeyValuePair<string, object?>>();
        if (o.Fields is { } fields)
        {
            foreach (var field in fields) entries.Add(new(field, Required(field)));
        }
        else
        {
            for (var i = 0; i < names.Count; i++) entries.Add(new(names[i], cells[i]));
        }
        foreach (var key in o.InputKeys) Required(key);
        return Example.From(entries).WithInputs(o.InputKeys);

        string Required(string field)
        {
            var i = IndexOf(names, field);
            if (i < 0) throw RowProblem.Missing(field);
            return cells[i].Length > 0 ? cells[i] : throw RowProblem.Empty(field);
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string field)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], field, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
