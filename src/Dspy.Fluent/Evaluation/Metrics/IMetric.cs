namespace Dspy.Fluent;

/// <summary>
/// Scores one program output against one example: <c>(example, prediction, trace) → score</c>, with optional feedback.
/// </summary>
/// <remarks>
/// <para>Corresponds to a DSPy metric function. Implement it directly, derive from <see cref="Metric"/> for a synchronous
/// metric, or build one from a function with <see cref="Metrics.Create(string, Func{Example, Prediction, double})"/> and its siblings.</para>
/// <para>Implementations must be thread-safe: evaluation scores many examples at once. Throw for a metric that cannot
/// score (a missing label, an unreachable judge): evaluation turns the exception into an error row.</para>
/// </remarks>
public interface IMetric
{
    /// <summary>A short name for reports, e.g. <c>exact_match</c>.</summary>
    string Name { get; }

    /// <summary>Scores one output.</summary>
    /// <param name="context">The example, the output and the run's trace.</param>
    /// <param name="cancellationToken">Cancels the scoring (e.g. an LM judge's call).</param>
    /// <returns>A score in [0, 1] with optional feedback.</returns>
    Task<MetricResult> ScoreAsync(MetricContext context, CancellationToken cancellationToken = default);
}
