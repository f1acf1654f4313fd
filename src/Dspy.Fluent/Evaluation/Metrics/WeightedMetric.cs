namespace Dspy.Fluent;

/// <summary>A metric with a weight, one part of <see cref="Metrics.Weighted(WeightedMetric[])"/>.</summary>
public sealed record WeightedMetric
{
    /// <summary>A metric with a weight.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="weight">Its weight; positive.</param>
    public WeightedMetric(IMetric metric, double weight)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (!(weight > 0) || double.IsInfinity(weight))
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A metric weight must be a positive number.");
        Metric = metric;
        Weight = weight;
    }

    /// <summary>The metric.</summary>
    public IMetric Metric { get; }

    /// <summary>Its weight.</summary>
    public double Weight { get; }
}
