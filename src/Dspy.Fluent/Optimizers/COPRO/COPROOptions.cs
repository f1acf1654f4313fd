namespace Dspy.Fluent;

/// <summary>Settings of <see cref="COPRO"/>, with DSPy's defaults.</summary>
public sealed record COPROOptions
{
    /// <summary>Instruction candidates per predictor and depth: the first depth proposes Breadth − 1 and keeps the original
    /// (default 10; at least 2).</summary>
    public int Breadth { get; init; } = 10;

    /// <summary>Rounds of proposing and scoring; later rounds propose from earlier attempts (default 3; at least 1).</summary>
    public int Depth { get; init; } = 3;

    /// <summary>Sampling temperature of the proposer (default 1.4).</summary>
    public float InitTemperature { get; init; } = 1.4f;

    /// <summary>Seed of the proposals: each proposal is a separate request with a rollout id derived from it.</summary>
    public int Seed { get; init; }

    /// <summary>LM calls in flight while scoring candidates (default 16).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>LM settings for the program's runs; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>LM settings of the proposer (DSPy's <c>prompt_model</c>); the program's settings when null.</summary>
    public LMSettings? PromptModel { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }

}
