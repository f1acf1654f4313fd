namespace Dspy.Fluent;

/// <summary>
/// A predictor ran inside a program whose structure does not declare it, so the program could not be optimized, saved
/// or reviewed with it. Thrown on the first run that reaches it; the message shows the line to add.
/// </summary>
public sealed class UndeclaredPredictorException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which predictor, where, and the declaration to add.</param>
    /// <param name="predictor">The predictor's name.</param>
    public UndeclaredPredictorException(string message, string predictor) : base(message) => Predictor = predictor;

    /// <summary>The undeclared predictor's name.</summary>
    public string Predictor { get; }
}
