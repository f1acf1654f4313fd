namespace Dspy.Fluent;

/// <summary>One value of a saved state file that has the wrong JSON type or is out of range.</summary>
/// <param name="Path">Where in the file, as a JSON path, e.g. <c>predictors.qa.lm.max_tokens</c>.</param>
/// <param name="Predictor">The predictor the value belongs to, or null for a top-level value such as <c>version</c>.</param>
/// <param name="Expected">What the value must be, e.g. <c>a whole number of at least 1, or null</c>.</param>
/// <param name="Found">What the file holds, e.g. <c>the number 1.5</c>.</param>
/// <remarks>Listed in <see cref="ProgramStateFormatException.Problems"/>; a file's problems are all reported at once, so one
/// fix-and-reload round is enough.</remarks>
public sealed record ProgramStateProblem(string Path, string? Predictor, string Expected, string Found)
{
    /// <summary>The problem as one line: path, what was expected and what was found.</summary>
    /// <returns>E.g. <c>predictors.qa.lm.max_tokens: expected a whole number of at least 1, or null; found the number 1.5</c>.</returns>
    public override string ToString() => $"{Path}: expected {Expected}; found {Found}";
}
