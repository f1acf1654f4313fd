using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Built-in metrics (DSPy's answer exact match, F1, passage match, retrieval recall, an LM judge), combinators, and
/// factories that turn a function into an <see cref="IMetric"/>.
/// </summary>
/// <remarks>
/// The answer metrics read the example's <c>answer</c> label (a string or a list of acceptable strings; other values
/// as text) and the prediction's <c>answer</c> field; see <see cref="Predictions.FromOutput"/> for how a typed output
/// becomes fields. They compare with DSPy's normalisation (<see cref="AnswerMatch"/>).
/// </remarks>
/// <example>
/// <code>
/// var result = await Evaluate.RunAsync(qa, devset, Metrics.ExactMatch);
/// var strict = Metrics.AllOf(Metrics.ExactMatch, Metrics.PassageMatch);
/// var custom = Metrics.Create("short", (example, prediction) => prediction.GetText("answer").Length &lt; 40 ? 1 : 0);
/// </code>
/// </example>
public static class Metrics
{
    /// <summary>The example fields <see cref="RetrievalRecall"/> reads gold titles from, first present wins.</summary>
    public static IReadOnlyList<string> GoldTitleFields { get; } = ["supporting_titles", "gold_titles"];

    /// <summary>1 when the predicted <c>answer</c> equals an acceptable answer after normalisation, else 0.</summary>
    /// <remarks>Corresponds to <c>dspy.evaluate.answer_exact_match</c> with <c>frac=1.0</c>.</remarks>
    public static IMetric ExactMatch { get; } = new AnswerExactMatchMetric(Predictions.AnswerField, 1.0);

    /// <summary>The best token F1 of the predicted <c>answer</c> against the acceptable answers, in [0, 1].</summary>
    /// <remarks>Corresponds to <c>dspy.evaluate.F1</c> used as a metric.</remarks>
    public static IMetric F1 { get; } = new AnswerF1Metric(Predictions.AnswerField);

    /// <summary>1 when a retrieved passage contains an acceptable answer, else 0.</summary>
    /// <remarks>Corresponds to <c>dspy.evaluate.answer_passage_match</c>. Passages come from the run's trace
    /// (steps of kind <c>Retrieve</c>, output <c>passages</c>, each read as <c>"title | text"</c>), else from the
    /// prediction's <c>context</c> or <c>passages</c> field. No passages anywhere is an error, not a zero.</remarks>
    public static IMetric PassageMatch { get; } = new PassageMatchMetric(Predictions.AnswerField);

    /// <summary>The fraction of the example's gold titles (<c>supporting_titles</c> or <c>gold_titles</c>) found among
    /// the retrieved passages' titles (the text before <c>" | "</c>), compared after normalisation.</summary>
    /// <remarks>A score of 1.0 is DSPy's retrieval check in its multi-hop tutorial (gold titles ⊆ found titles).</remarks>
    public static IMetric RetrievalRecall { get; } = new RetrievalRecallMetric(GoldTitleFields);

    /// <summary>Exact match on another field than <c>answer</c>.</summary>
    /// <param name="field">The label and prediction field to compare.</param>
    public static IMetric ExactMatchOn(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return new AnswerExactMatchMetric(field, 1.0);
    }

    /// <summary>Token F1 on another field than <c>answer</c>.</summary>
    /// <param name="field">The label and prediction field to compare.</param>
    public static IMetric F1On(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return new AnswerF1Metric(field);
    }

    /// <summary>1 when the answer matches exactly (<paramref name="fraction"/> ≥ 1) or its token F1 reaches <paramref name="fraction"/>, else 0.</summary>
    /// <param name="fraction">The F1 needed, in (0, 1]; 1 means exact match.</param>
    /// <remarks>Corresponds to <c>dspy.evaluate.answer_exact_match(example, pred, frac=fraction)</c>.</remarks>
    public static IMetric ExactMatchOrF1(double fraction) => ExactMatchOrF1(fraction, Predictions.AnswerField);

    /// <summary>As <see cref="ExactMatchOrF1(double)"/> on another field than <c>answer</c>.</summary>
    /// <param name="fraction">The F1 needed, in (0, 1].</param>
    /// <param name="field">The label and prediction field to compare.</param>
    public static IMetric ExactMatchOrF1(double fraction, string field)
    {
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The F1 fraction must be in (0, 1]; 1 means exact match.");
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return new AnswerExactMatchMetric(field, fraction);
    }

    /// <summary>The lowest of several scores: 1 only when every metric gives 1, 0 as soon as one gives 0.</summary>
    /// <param name="metrics">The metrics, scored in order; scoring stops at the first 0, so put a costly judge last.</param>
    /// <remarks>With pass/fail metrics this is "all of", as DSPy's multi-hop bootstrap metric (exact match and passage match and …).</remarks>
    public static IMetric AllOf(params IMetric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var list = metrics.ToArray();
        if (list.Length == 0) throw new ArgumentException("Give at least one metric.", nameof(metrics));
        if (list.Any(m => m is null)) throw new ArgumentException("A metric in the list is null.", nameof(metrics));
        return new AllOfMetric(list);
    }

    /// <summary>The weighted mean of several metrics' scores.</summary>
    /// <param name="parts">Metrics with positive weights.</param>
    public static IMetric Weighted(params WeightedMetric[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ArgumentException("Give at least one weighted metric.", nameof(parts));
        return new WeightedMetricSum(parts.ToArray());
    }

    /// <summary>While bootstrapping (<see cref="MetricContext.IsBootstrapping"/>), 1 when <paramref name="metric"/> scores at least
    /// <paramref name="threshold"/> and 0 otherwise; in evaluation, the metric's own score.</summary>
    /// <param name="metric">A graded metric.</param>
    /// <param name="threshold">The score that counts as a pass, in [0, 1].</param>
    /// <remarks>DSPy's metrics do this themselves (<c>score if trace is None else score &gt;= threshold</c>).</remarks>
    public static IMetric Threshold(IMetric metric, double threshold)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (!(threshold >= 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A threshold must be in [0, 1].");
        return new ThresholdMetric(metric, threshold);
    }

    /// <summary>A metric from a function of the example and the prediction.</summary>
    /// <param name="name">A short name for reports.</param>
    /// <param name="score">Returns a score in [0, 1].</param>
    public static IMetric Create(string name, Func<Example, Prediction, double> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return FromResult(name, c => new MetricResult(score(c.Example, c.Prediction)));
    }

    /// <summary>A metric from a DSPy-style function of the example, the prediction and the trace (non-null only while bootstrapping).</summary>
    /// <param name="name">A short name for reports.</param>
    /// <param name="score">Returns a score in [0, 1]; may return 0 or 1 when the trace is given, as DSPy metrics do.</param>
    public static IMetric Create(string name, Func<Example, Prediction, IReadOnlyList<TraceEntry>?, double> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return FromResult(name, c => new MetricResult(score(c.Example, c.Prediction, c.DspyTrace)));
    }

    /// <summary>A pass/fail metric from a predicate: 1 when it holds, else 0.</summary>
    /// <param name="name">A short name for reports.</param>
    /// <param name="passes">Whether the prediction is acceptable.</param>
    public static IMetric FromPredicate(string name, Func<Example, Prediction, bool> passes)
    {
        ArgumentNullException.ThrowIfNull(passes);
        return FromResult(name, c => MetricResult.FromBool(passes(c.Example, c.Prediction)));
    }

    /// <summary>A pass/fail metric from a DSPy-style predicate that also sees the trace (non-null only while bootstrapping).</summary>
    /// <param name="name">A short name for reports.</param>
    /// <param name="passes">Whether the prediction is acceptable.</param>
    public static IMetric FromPredicate(string name, Func<Example, Prediction, IReadOnlyList<TraceEntry>?, bool> passes)
    {
        ArgumentNullException.ThrowIfNull(passes);
        return FromResult(name, c => MetricResult.FromBool(passes(c.Example, c.Prediction, c.DspyTrace)));
    }

    /// <summary>A metric from a function returning a score with feedback.</summary>
    /// <param name="name">A short name for reports.</param>
    /// <param name="score">Scores one context.</param>
    public static IMetric FromResult(string name, Func<MetricContext, MetricResult> score)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(score);
        return new DelegateMetric(name, (c, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(score(c) ?? throw new InvalidOperationException($"Metric '{name}' returned null; return a MetricResult."));
        });
    }

    /// <summary>A metric from an asynchronous function, e.g. one that asks an LM.</summary>
    /// <param name="name">A short name for reports.</param>
    /// <param name="score">Scores one context.</param>
    public static IMetric FromAsync(string name, Func<MetricContext, CancellationToken, Task<MetricResult>> score)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(score);
        return new DelegateMetric(name, score);
    }

    /// <summary>An LM judge: estimates recall and precision of the predicted response against the reference and scores their F1.</summary>
    /// <param name="options">Fields, threshold and judge LM; defaults when null.</param>
    /// <remarks>Corresponds to <c>dspy.evaluate.SemanticF1</c>. See <see cref="SemanticF1Options"/>.</remarks>
    public static IMetric SemanticF1(SemanticF1Options? options = null) => new SemanticF1Metric(options ?? new SemanticF1Options());
}
