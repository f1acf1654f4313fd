namespace Dspy.Fluent;

/// <summary>Settings of <see cref="BootstrapFewShotWithRandomSearch"/>, with DSPy's defaults.</summary>
public sealed record BootstrapFewShotWithRandomSearchOptions
{
    /// <summary>Shuffled-bootstrap candidates besides the three fixed ones (zero-shot, labeled only, unshuffled bootstrap); default 16.</summary>
    public int NumCandidatePrograms { get; init; } = 16;

    /// <summary>Upper bound of bootstrapped demos per candidate (each shuffled candidate draws its own count in [MinNumSamples, this]).</summary>
    public int MaxBootstrappedDemos { get; init; } = 4;

    /// <summary>Lower bound of the drawn demo count (default 1).</summary>
    public int MinNumSamples { get; init; } = 1;

    /// <summary>Total demos per predictor (default 16).</summary>
    public int MaxLabeledDemos { get; init; } = 16;

    /// <summary>Bootstrap rounds per candidate (default 1).</summary>
    public int MaxRounds { get; init; } = 1;

    /// <summary>The metric score a trace must reach to become demos; null means above zero.</summary>
    public double? MetricThreshold { get; init; }

    /// <summary>Stop as soon as a candidate scores at least this on the valset; null to try them all.</summary>
    public double? StopAtScore { get; init; }

    /// <summary>LM calls in flight while bootstrapping and evaluating candidates (default 16).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>LM settings for every run; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }
}
