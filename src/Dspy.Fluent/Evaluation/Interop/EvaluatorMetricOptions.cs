using Microsoft.Extensions.AI.Evaluation;

namespace Dspy.Fluent;

/// <summary>How <see cref="EvaluatorMetrics.FromEvaluator"/> calls a Microsoft.Extensions.AI.Evaluation evaluator and reads its result as a score.</summary>
/// <remarks>
/// <para>Scaling to [0, 1]: a <see cref="BooleanMetric"/> gives 1 for true and 0 for false. A <see cref="NumericMetric"/>
/// is mapped linearly from [<see cref="NumericMin"/>, <see cref="NumericMax"/>] and clamped; the default range 1–5 fits
/// the quality evaluators of Microsoft.Extensions.AI.Evaluation.Quality (relevance, coherence, fluency, equivalence,
/// groundedness…), so a rating of 1 is 0.0, 3 is 0.5 and 5 is 1.0. For an evaluator that already reports a fraction, set
/// the range to 0–1. A <see cref="StringMetric"/> scores only through its interpretation (failed → 0, else 1).
/// A metric with no value, or with error diagnostics and no value, is an error (an error row in an evaluation), not a 0.</para>
/// </remarks>
public sealed record EvaluatorMetricOptions
{
    /// <summary>Which of the evaluator's metrics to read; null for its only one (an error when it reports several).</summary>
    public string? MetricName { get; init; }

    /// <summary>The numeric value that maps to 0.</summary>
    public double NumericMin { get; init; } = 1;

    /// <summary>The numeric value that maps to 1.</summary>
    public double NumericMax { get; init; } = 5;

    /// <summary>The LM that AI-based evaluators use; null for none (fine for evaluators that need no LM).</summary>
    public ChatConfiguration? ChatConfiguration { get; init; }

    /// <summary>The user request shown to the evaluator; null for the example's inputs (the single input's text, or <c>name: value</c> lines).</summary>
    public Func<Example, string>? Request { get; init; }

    /// <summary>The model response shown to the evaluator; null for the prediction's <c>answer</c> (else all its fields as <c>name: value</c> lines).</summary>
    public Func<Prediction, string>? Response { get; init; }

    /// <summary>Extra context for the evaluator, e.g. the reference answer an equivalence evaluator needs; null for none.</summary>
    public Func<MetricContext, IEnumerable<EvaluationContext>>? AdditionalContext { get; init; }
}
