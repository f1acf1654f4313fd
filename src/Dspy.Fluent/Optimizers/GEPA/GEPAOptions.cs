namespace Dspy.Fluent;

/// <summary>Settings of <see cref="GEPA"/>, with DSPy's defaults. Set exactly one budget: <see cref="Auto"/>,
/// <see cref="MaxMetricCalls"/> or <see cref="MaxFullEvals"/>.</summary>
public sealed record GEPAOptions
{
    /// <summary>A budget sized like a MIPROv2 run of this preset, or null.</summary>
    public GEPAPreset? Auto { get; init; }

    /// <summary>The budget in metric calls (program runs scored), or null.</summary>
    public int? MaxMetricCalls { get; init; }

    /// <summary>The budget in full evaluations of trainset plus valset, or null.</summary>
    public int? MaxFullEvals { get; init; }

    /// <summary>Training examples per reflective step (default 3).</summary>
    public int ReflectionMinibatchSize { get; init; } = 3;

    /// <summary>How the candidate to improve is chosen (default Pareto).</summary>
    public GEPACandidateSelection CandidateSelection { get; init; } = GEPACandidateSelection.Pareto;

    /// <summary>Skip reflecting on a minibatch where every example already has <see cref="PerfectScore"/> (default true).</summary>
    public bool SkipPerfectScore { get; init; } = true;

    /// <summary>The score that counts as perfect (default 1).</summary>
    public double PerfectScore { get; init; } = 1.0;

    /// <summary>Seed of candidate sampling, minibatches and the reflection requests' rollout ids.</summary>
    public int Seed { get; init; }

    /// <summary>Try merging candidates that evolved different predictors from a common ancestor (default true, as in DSPy).</summary>
    /// <example>
    /// <code>
    /// var options = new GEPAOptions { MaxMetricCalls = 500, UseMerge = false };
    /// </code>
    /// </example>
    public bool UseMerge { get; init; } = true;

    /// <summary>Accepted merges at most (default 5, as in DSPy).</summary>
    /// <example>
    /// <code>
    /// var options = new GEPAOptions { MaxMetricCalls = 500, MaxMergeInvocations = 2 };
    /// </code>
    /// </example>
    public int MaxMergeInvocations { get; init; } = 5;

    /// <summary>LM calls in flight while evaluating (default 16).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>LM settings for the program's runs; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>LM settings of the reflection LM that writes new instructions; the program's when null.</summary>
    public LMSettings? ReflectionModel { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }

}
