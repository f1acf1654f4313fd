namespace Dspy.Fluent;

/// <summary>Settings of <see cref="BootstrapFewShot"/>, with DSPy's defaults.</summary>
public sealed record BootstrapFewShotOptions
{
    /// <summary>Demos taken from passing traces, per predictor (default 4).</summary>
    public int MaxBootstrappedDemos { get; init; } = 4;

    /// <summary>Total demos per predictor, topped up with unused labeled examples (default 16).</summary>
    public int MaxLabeledDemos { get; init; } = 16;

    /// <summary>Passes over the trainset; rounds after the first run at temperature 1.0 with their own rollout id (default 1).</summary>
    public int MaxRounds { get; init; } = 1;

    /// <summary>The metric score a trace must reach to become demos; null means any score above zero.</summary>
    public double? MetricThreshold { get; init; }

    /// <summary>Teacher runs in flight at once, at most. DSPy bootstraps one example at a time (1); results are taken in
    /// trainset order whatever finishes first, so the compiled state is the same for any value. Fewer runs are started
    /// while those in flight are expected to supply the demos still needed (at the pass rate seen so far), so a teacher
    /// that passes makes no more LM calls than a sequential bootstrap.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Seed of the labeled-demo sampling.</summary>
    public int Seed { get; init; }

    /// <summary>LM settings for the teacher's runs; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }
}
