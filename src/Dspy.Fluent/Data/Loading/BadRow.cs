namespace Dspy.Fluent;

/// <summary>A row a loader could not turn into an example: where it is, which field (if one), what is wrong and what to do.</summary>
/// <remarks>Thrown inside a <see cref="DataFormatException"/>, or reported through <see cref="DataLoadOptions.OnBadRow"/> and
/// <see cref="DataLoadResult.Skipped"/> when <see cref="DataLoadOptions.SkipBadRows"/> is set.</remarks>
/// <param name="Source">The file path, or <see cref="DataLoadOptions.SourceName"/> for a stream.</param>
/// <param name="Line">The one-based line on which the row starts.</param>
/// <param name="RowIndex">The zero-based position of the row among the data rows: the element index in a JSON array,
/// the non-blank line count in JSON lines, the record count after the header in CSV.</param>
/// <param name="Field">The field at fault, or null when the whole row is.</param>
/// <param name="Problem">What is wrong, e.g. <c>"the field is missing"</c>.</param>
/// <param name="Message">The full text: location, field, problem and what to do about it.</param>
public sealed record BadRow(string Source, long Line, long RowIndex, string? Field, string Problem, string Message);
