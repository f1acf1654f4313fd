using System.Text;

namespace Dspy.Fluent;

/// <summary>One CSV record: its cells, the line it starts on, and the first quoting problem found in it, if any.</summary>
internal sealed record CsvRecord(IReadOnlyList<string> Cells, long Line, RowProblem? Problem);

/// <summary>
/// A small RFC 4180 reader: cells separated by a delimiter, optionally in double quotes, a quote inside quotes written
/// twice, line breaks allowed inside quoted cells (read back as <c>"\n"</c>). Blank lines between records are ignored.
/// It reads line by line, so only the current record is in memory and every record knows the line it starts on.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, string source, char delimiter)
{
    private enum State { CellStart, Unquoted, Quoted, AfterQuote }

    private long line;
    private IReadOnlyList<string>? header;

    /// <summary>Reads the next record, or null at the end of the file.</summary>
    /// <exception cref="DataFormatException">A quoted cell is never closed: nothing after it can be read.</exception>
    public async Task<CsvRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        string? text;
        do
        {
            text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (text is null) return null;
            line++;
        }
        while (text.Length == 0);

        var start = line;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var state = State.CellStart;
        RowProblem? problem = null;
        while (true)
        {
            foreach (var c in text)
            {
                switch (state)
                {
                    case State.CellStart when c == '"':
                        state = State.Quoted;
                        break;
                    case State.CellStart or State.Unquoted when c == delimiter:
                        cells.Add(cell.ToString());
                        cell.Clear();
                        state = State.CellStart;
                        break;
                    case State.CellStart or State.Unquoted:
                        if (c == '"')
                            problem ??= new RowProblem(ColumnName(cells.Count), $"a quote appears inside the unquoted cell in column {cells.Count + 1}",
                                "Put the whole cell in quotes and write each quote inside it twice, e.g. \"He said \"\"yes\"\"\"");
                        cell.Append(c);
                        state = State.Unquoted;
                        break;
                    case State.Quoted when c == '"':
                        state = State.AfterQuote;
                        break;
                    case State.Quoted:
                        cell.Append(c);
                        break;
                    case State.AfterQuote when c == '"':
                        cell.Append('"');
                        state = State.Quoted;
                        break;
                    case State.AfterQuote when c == delimiter:
                        cells.Add(cell.ToString());
                        cell.Clear();
                        state = State.CellStart;
                        break;
                    case State.AfterQuote:
                        problem ??= new RowProblem(ColumnName(cells.Count), $"text follows the closing quote of the cell in column {cells.Count + 1}",
                            "Put the whole cell in quotes and write each quote inside it twice, e.g. \"He said \"\"yes\"\"\"");
                        cell.Append(c);
                        state = State.Unquoted;
                        break;
                }
            }
            if (state != State.Quoted) break;

            // A line break inside quotes belongs to the cell; the record goes on on the next line.
            var next = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                var where = new RowLocation(source, start, 0, RowShape.File);
                throw new DataFormatException(where.Bad(ColumnName(cells.Count), $"the quoted cell in column {cells.Count + 1} that starts on this line is never closed",
                    "Close the quote; write a quote inside a quoted cell as two quotes (\"\"). Nothing after an unclosed quote can be read, so this cannot be skipped"),
                    canSkip: false);
            }
            line++;
            cell.Append('\n');
            text = next;
        }
        cells.Add(cell.ToString());
        return new CsvRecord(cells, start, problem);
    }

    /// <summary>Tells the reader the header, so that problems can name the column.</summary>
    public void UseHeader(IReadOnlyList<string> names) => header = names;

    private string? ColumnName(int index) => header is not null && index < header.Count ? header[index] : null;
}
