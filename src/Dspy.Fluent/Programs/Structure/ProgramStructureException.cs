namespace Dspy.Fluent;

/// <summary>A program was composed from parts that cannot live in one program (two predictors under one name, two states for one predictor).</summary>
/// <remarks>Thrown when the program is composed, before anything runs; the message names the predictor and what to change.</remarks>
public sealed class ProgramStructureException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What clashed, and how to fix it.</param>
    /// <param name="predictor">The predictor name concerned.</param>
    public ProgramStructureException(string message, string predictor) : base(message) => Predictor = predictor;

    /// <summary>The predictor name concerned.</summary>
    public string Predictor { get; }
}
