using System.Globalization;

namespace Dspy.Fluent;

/// <summary>The lowest score of several metrics, scored in order and stopping at the first zero (so a costly judge placed last runs only when needed).</summary>
internal sealed class AllOfMetric(IReadOnlyList<IMetric> metrics) : IMetric
{
    public string Name { get; } = $"all_of({string.Join(", ", metrics.Select(m => m.Name))})";

    public async Task<MetricResult> ScoreAsync(MetricContext context, CancellationToken cancellationToken = default)
    {
        var score = 1.0;
        var feedback = new List<string>();
        foreach (var metric in metrics)
        {
            var result = await metric.ScoreAsync(context, cancellationToken).ConfigureAwait(false);
            score = Math.Min(score, result.Score);
            if (result.Score < 1 && result.Feedback is { } f) feedback.Add($"{metric.Name}: {f}");
            else if (result.Score < 1) feedback.Add($"{metric.Name}: {result.Score.ToString("0.###", CultureInfo.InvariantCulture)}");
            if (score == 0) break;
        }
        return new MetricResult(score, feedback.Count == 0 ? null : string.Join(" ", feedback));
    }
}

/// <summary>The weighted mean of several metrics' scores.</summary>
internal sealed class WeightedMetricSum(IReadOnlyList<WeightedMetric> parts) : IMetric
{
    private readonly double _total = parts.Sum(p => p.Weight);

    public string Name { get; } = $"weighted({string.Join(" + ", parts.Select(p => $"{p.Weight.ToString("0.###", CultureInfo.InvariantCulture)}·{p.Metric.Name}"))})";

    public async Task<MetricResult> ScoreAsync(MetricContext context, CancellationToken cancellationToken = default)
    {
        var sum = 0.0;
        var feedback = new List<string>();
        foreach (var part in parts)
        {
            var result = await part.Metric.ScoreAsync(context, cancellationToken).ConfigureAwait(false);
            sum += part.Weight * result.Score;
            if (result.Feedback is { } f) feedback.Add($"{part.Metric.Name}: {f}");
        }
        return new MetricResult(Math.Clamp(sum / _total, 0, 1), feedback.Count == 0 ? null : string.Join(" ", feedback));
    }
}

/// <summary>While bootstrapping, 1 when the inner score reaches the threshold, else 0; otherwise the inner score unchanged (as DSPy's SemanticF1).</summary>
internal sealed class ThresholdMetric(IMetric inner, double threshold) : IMetric
{
    public string Name => inner.Name;

    public async Task<MetricResult> ScoreAsync(MetricContext context, CancellationToken cancellationToken = default)
    {
        var result = await inner.ScoreAsync(context, cancellationToken).ConfigureAwait(false);
        if (!context.IsBootstrapping) return result;
        var passed = result.Score >= threshold;
        return new MetricResult(passed ? 1 : 0, result.Feedback ??
            $"{result.Score.ToString("0.###", CultureInfo.InvariantCulture)} {(passed ? "≥" : "<")} threshold {threshold.ToString("0.###", CultureInfo.InvariantCulture)}");
    }
}

/// <summary>A metric made from a function.</summary>
internal sealed class DelegateMetric(string name, Func<MetricContext, CancellationToken, Task<MetricResult>> score) : IMetric
{
    public string Name { get; } = name;

    public Task<MetricResult> ScoreAsync(MetricContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return score(context, cancellationToken);
    }

    public override string ToString() => Name;
}
