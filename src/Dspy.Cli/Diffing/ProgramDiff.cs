using Dspy.Cli.Reading;

namespace Dspy.Cli.Diffing;

/// <summary>The differences between two saved programs, predictor by predictor.</summary>
/// <param name="Old">The program before.</param>
/// <param name="New">The program after.</param>
/// <param name="Predictors">Only the predictors that differ, ordered by name.</param>
internal sealed record ProgramDiff(SavedProgram Old, SavedProgram New, IReadOnlyList<PredictorDiff> Predictors)
{
    /// <summary>True when the programs are equal; the tool then exits 0.</summary>
    public bool IsEmpty => Predictors.Count == 0;
}
