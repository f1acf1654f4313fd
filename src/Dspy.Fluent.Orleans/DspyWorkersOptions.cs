namespace Dspy.Fluent.Orleans;

/// <summary>
/// What a silo's Dspy workers know besides the hosted programs: the metrics they may score with, by name. A metric is
/// code, so it cannot travel with a batch; the client sends its <see cref="IMetric.Name"/> and the silo looks it up here.
/// </summary>
/// <example>
/// <code>
/// siloBuilder.AddDspyWorkers(workers => workers.AddMetric(Metrics.ExactMatch));
/// </code>
/// </example>
public sealed class DspyWorkersOptions
{
    private readonly Dictionary<string, IMetric> _metrics = new(StringComparer.Ordinal);

    /// <summary>The registered metrics by <see cref="IMetric.Name"/>.</summary>
    /// <example>
    /// <code>
    /// siloBuilder.AddDspyWorkers(workers => Console.WriteLine(string.Join(", ", workers.AddMetric(Metrics.ExactMatch).Metrics.Keys)));
    /// </code>
    /// </example>
    public IReadOnlyDictionary<string, IMetric> Metrics => _metrics;

    /// <summary>Registers <paramref name="metric"/> under its <see cref="IMetric.Name"/>.</summary>
    /// <param name="metric">The metric, the same one the client evaluates or compiles with.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException">Another metric with that name is registered.</exception>
    /// <example>
    /// <code>
    /// workers.AddMetric(Metrics.ExactMatch).AddMetric(Metrics.F1);
    /// </code>
    /// </example>
    public DspyWorkersOptions AddMetric(IMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (_metrics.TryGetValue(metric.Name, out var existing) && !ReferenceEquals(existing, metric))
            throw new ArgumentException($"A metric named '{metric.Name}' is already registered; give each metric its own name.", nameof(metric));
        _metrics[metric.Name] = metric;
        return this;
    }
}
