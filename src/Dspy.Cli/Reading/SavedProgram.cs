namespace Dspy.Cli.Reading;

/// <summary>A saved program as the tool shows it: its source, its format and its predictors by name.</summary>
/// <param name="Path">The file it was read from, as given on the command line.</param>
/// <param name="Kind">Which format the file is in.</param>
/// <param name="Predictors">The predictors, ordered by name (ordinal) so output is stable.</param>
internal sealed record SavedProgram(string Path, SavedProgramKind Kind, IReadOnlyList<SavedPredictor> Predictors);
