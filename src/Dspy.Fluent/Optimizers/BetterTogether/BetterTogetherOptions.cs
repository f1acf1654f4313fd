namespace Dspy.Fluent;

/// <summary>Settings of <see cref="BetterTogether"/>, with DSPy's defaults.</summary>
/// <example>
/// <code>
/// var options = new BetterTogetherOptions { Strategy = "p -> w", ValsetRatio = 0.2 };
/// </code>
/// </example>
public sealed record BetterTogetherOptions
{
    /// <summary>The optimizers to run, in order, by key, separated by <c>" -> "</c> (default <c>"p -> w -> p"</c>).</summary>
    public string Strategy { get; init; } = "p -> w -> p";

    /// <summary>Share of the trainset held out to score each step when no valset is given, in [0, 1) (default 0.1);
    /// 0 scores nothing and returns the last step's program.</summary>
    public double ValsetRatio { get; init; } = 0.1;

    /// <summary>Shuffle the trainset (seeded) before each step (default true).</summary>
    public bool ShuffleTrainsetBetweenSteps { get; init; } = true;

    /// <summary>Seed of the shuffles.</summary>
    public int Seed { get; init; }

    /// <summary>LM calls in flight while scoring a step's program (default 16).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>LM settings for scoring the programs; ambient when null (each step's optimizer has its own).</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }
}
