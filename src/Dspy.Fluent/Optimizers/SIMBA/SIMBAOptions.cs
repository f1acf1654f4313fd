namespace Dspy.Fluent;

/// <summary>Settings of <see cref="SIMBA"/>, with DSPy's defaults.</summary>
/// <example>
/// <code>
/// var options = new SIMBAOptions { BatchSize = 16, NumCandidates = 4, MaxSteps = 6, Seed = 1 };
/// </code>
/// </example>
public sealed record SIMBAOptions
{
    /// <summary>Training examples per mini-batch (default 32; the trainset must hold at least this many).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Sampled runs per example (one per rollout) and new candidates per step (default 6).</summary>
    public int NumCandidates { get; init; } = 6;

    /// <summary>Mini-batch steps (default 8).</summary>
    public int MaxSteps { get; init; } = 8;

    /// <summary>Demos a predictor may hold before some are dropped (default 4); 0 disables the append-a-demo strategy.</summary>
    public int MaxDemos { get; init; } = 4;

    /// <summary>Characters kept of an input field in a new demo; longer values are truncated (default 100,000).</summary>
    public int DemoInputFieldMaxLength { get; init; } = 100_000;

    /// <summary>Softmax temperature for picking the program each sampled run uses (default 0.2).</summary>
    public double TemperatureForSampling { get; init; } = 0.2;

    /// <summary>Softmax temperature for picking the program a new candidate starts from (default 0.2).</summary>
    public double TemperatureForCandidates { get; init; } = 0.2;

    /// <summary>Seed of the mini-batches, the program sampling, the demo drops and the strategy choices.</summary>
    public int Seed { get; init; }

    /// <summary>LM calls in flight while running candidates (default 16).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>LM settings for the program's runs; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>LM settings of the model that writes rules (DSPy's <c>prompt_model</c>); the program's settings when null.</summary>
    public LMSettings? PromptModel { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }
}
