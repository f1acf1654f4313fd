using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI.Evaluation;

namespace Dspy.Fluent;

/// <summary>Bridges between Dspy.Fluent metrics and Microsoft.Extensions.AI.Evaluation evaluators, in both directions.</summary>
/// <example>
/// <code>
/// IMetric relevance = EvaluatorMetrics.FromEvaluator(new RelevanceEvaluator(), new EvaluatorMetricOptions { ChatConfiguration = new(judgeClient) });
/// IEvaluator exact = Metrics.ExactMatch.AsEvaluator();
/// </code>
/// </example>
public static class EvaluatorMetrics
{
    /// <summary>An evaluator as a metric; its numeric or boolean result is scaled to [0, 1] as <see cref="EvaluatorMetricOptions"/> describes.</summary>
    /// <param name="evaluator">Any Microsoft.Extensions.AI.Evaluation evaluator.</param>
    /// <param name="options">Which metric to read, the numeric range, the LM, how to show the example; defaults when null.</param>
    /// <exception cref="ArgumentException">The evaluator reports several metrics and none was chosen.</exception>
    public static IMetric FromEvaluator(IEvaluator evaluator, EvaluatorMetricOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        return new EvaluatorMetric(evaluator, options ?? new EvaluatorMetricOptions());
    }

    /// <summary>A metric as an evaluator (see <see cref="MetricEvaluator"/>).</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="options">Options; defaults when null.</param>
    public static MetricEvaluator AsEvaluator(this IMetric metric, MetricEvaluatorOptions? options = null) => new(metric, options);
}
