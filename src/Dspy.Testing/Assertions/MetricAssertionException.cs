using Xunit.Sdk;

namespace Dspy.Fluent;

/// <summary>A metric assertion failed; the message shows the inputs, expected answer, prediction, score and the run's prompts and replies.</summary>
public sealed class MetricAssertionException : XunitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="evaluation">The evaluation behind the assertion (one row for a single-example assertion).</param>
    public MetricAssertionException(string message, EvaluationResult evaluation) : base(message) => Evaluation = evaluation;

    /// <summary>The evaluation behind the assertion.</summary>
    public EvaluationResult Evaluation { get; }
}
