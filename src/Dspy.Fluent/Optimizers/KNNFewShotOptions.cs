namespace Dspy.Fluent;

/// <summary>Settings of <see cref="KNNFewShot"/>.</summary>
public sealed record KNNFewShotOptions
{
    /// <summary>Training examples whose demos each input gets: its nearest neighbours (default 3).</summary>
    public int K { get; init; } = 3;

    /// <summary>The metric score a bootstrapped trace must reach; null means above zero.</summary>
    public double? MetricThreshold { get; init; }

    /// <summary>Bootstrap runs in flight at once (default 8).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>LM settings for the bootstrap runs; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }
}
