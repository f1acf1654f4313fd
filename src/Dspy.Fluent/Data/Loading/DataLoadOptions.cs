namespace Dspy.Fluent;

/// <summary>How <see cref="DataLoader"/> turns rows into examples and what it does with rows it cannot read.</summary>
public sealed record DataLoadOptions
{
    /// <summary>The fields to mark as inputs (<see cref="Example.WithInputs(IEnumerable{string})"/>); every row must have them. Default: none.</summary>
    public IReadOnlyList<string> InputKeys { get; init; } = [];

    /// <summary>If set, only these fields are kept, in this order, and every row must have them. Default: all fields of each row.</summary>
    /// <remarks>Corresponds to DSPy's <c>DataLoader.from_json(..., fields=...)</c>.</remarks>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>Skip rows that cannot be read instead of throwing. Default false. Every skipped row is reported through
    /// <see cref="OnBadRow"/> and, for the <c>Load…</c> methods, in <see cref="DataLoadResult.Skipped"/>.</summary>
    /// <remarks>Damage that makes the rest of a file unreadable still throws (see <see cref="DataFormatException.CanSkip"/>).
    /// The streaming <c>Read…</c> methods require <see cref="OnBadRow"/> with this option, so that no row is lost unseen.</remarks>
    public bool SkipBadRows { get; init; }

    /// <summary>Called for every row skipped under <see cref="SkipBadRows"/>, in file order.</summary>
    public Action<BadRow>? OnBadRow { get; init; }

    /// <summary>The name used in error messages when reading from a stream (a path is named by itself). Default <c>"stream"</c>.</summary>
    public string? SourceName { get; init; }

    /// <summary>The CSV cell separator. Default <c>','</c>; use <c>'\t'</c> for tab-separated files.</summary>
    public char CsvDelimiter { get; init; } = ',';

    internal void Validate(bool streaming)
    {
        ArgumentNullException.ThrowIfNull(InputKeys);
        if (streaming && SkipBadRows && OnBadRow is null)
            throw new ArgumentException(
                "SkipBadRows needs OnBadRow when streaming, so that skipped rows are reported; or use the Load… methods, whose result lists them.",
                nameof(OnBadRow));
        if (CsvDelimiter is '"' or '\r' or '\n')
            throw new ArgumentException($"CsvDelimiter cannot be a quote or a line break.", nameof(CsvDelimiter));
    }
}
