namespace Dspy.Fluent;

/// <summary>A data file has a row (or a structure) the loader cannot read. The message names the file, the line, the row
/// and the field, says what is wrong and what to do.</summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception for a bad row.</summary>
    /// <param name="row">The row at fault.</param>
    /// <param name="canSkip">Whether <see cref="DataLoadOptions.SkipBadRows"/> could have skipped it (it cannot skip a broken file structure).</param>
    /// <param name="inner">The underlying parser error, if any.</param>
    public DataFormatException(BadRow row, bool canSkip, Exception? inner = null)
        : base(row?.Message + (canSkip ? SkipHint : ""), inner)
    {
        ArgumentNullException.ThrowIfNull(row);
        Row = row;
        CanSkip = canSkip;
    }

    internal const string SkipHint =
        " To skip bad rows instead, set SkipBadRows = true in the load options; each skipped row is reported through OnBadRow and in the load result.";

    /// <summary>The row at fault: source, line, row index, field and problem.</summary>
    public BadRow Row { get; }

    /// <summary>Whether setting <see cref="DataLoadOptions.SkipBadRows"/> would have skipped this row. False for damage that makes the
    /// rest of the file unreadable (a JSON syntax error inside an array, an unclosed CSV quote, a bad CSV header).</summary>
    public bool CanSkip { get; }
}
