namespace Dspy.Fluent;

internal enum RowShape { JsonArrayElement, JsonLine, CsvRecord, File }

/// <summary>Where a row is, and how to say so in a message for its file format.</summary>
internal readonly record struct RowLocation(string Source, long Line, long Index, RowShape Shape)
{
    public string Describe() => Shape switch
    {
        RowShape.JsonArrayElement => $"{Source}, line {Line}, element [{Index}]",
        RowShape.CsvRecord => $"{Source}, line {Line} (row {Index + 1})",
        _ => $"{Source}, line {Line}",
    };

    public BadRow Bad(string? field, string problem, string advice, string? label = null)
    {
        var where = Describe() + (label is null ? "" : $" ({label})") + (field is null ? "" : $", field '{field}'");
        return new BadRow(Source, Line, Index, field, problem, $"{where}: {problem}. {advice}.");
    }
}

/// <summary>Thrown while converting one row; the loader turns it into a <see cref="BadRow"/> at the row's location.</summary>
internal sealed class RowProblem(string? field, string problem, string advice) : Exception(problem)
{
    public string? Field { get; } = field;

    /// <summary>An extra name for the row in messages, e.g. its HotPotQA id.</summary>
    public string? Label { get; init; }
    public string Problem { get; } = problem;
    public string Advice { get; } = advice;

    public static RowProblem Missing(string field) =>
        new(field, "the field is missing", $"Add '{field}' to this row, or leave it out of InputKeys and Fields if rows may lack it");

    public static RowProblem Empty(string field) =>
        new(field, "the field is empty", $"Give '{field}' a value in this row, or leave it out of InputKeys and Fields if rows may lack it");

    public static RowProblem Null(string field) =>
        new(field, "the field is null", $"Give '{field}' a value in this row, or leave it out of InputKeys and Fields if rows may lack it");
}
