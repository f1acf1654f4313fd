namespace Dspy.Fluent;

/// <summary>Base class for a metric that scores synchronously (no LM call): implement <see cref="Score"/>.</summary>
public abstract class Metric : IMetric
{
    /// <summary>Creates a metric called <paramref name="name"/>.</summary>
    /// <param name="name">A short name for reports.</param>
    protected Metric(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Scores one output synchronously.</summary>
    /// <param name="context">The example, the output and the run's trace.</param>
    public abstract MetricResult Score(MetricContext context);

    /// <inheritdoc />
    public virtual Task<MetricResult> ScoreAsync(MetricContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Score(context));
    }

    /// <summary>The metric's name.</summary>
    public override string ToString() => Name;
}
