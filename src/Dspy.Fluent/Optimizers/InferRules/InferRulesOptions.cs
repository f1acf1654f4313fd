namespace Dspy.Fluent;

/// <summary>Settings of <see cref="InferRules"/>, with DSPy's defaults.</summary>
/// <example>
/// <code>
/// var options = new InferRulesOptions { NumCandidates = 4, NumRules = 5, Bootstrap = new() { MaxBootstrappedDemos = 2 } };
/// </code>
/// </example>
public sealed record InferRulesOptions
{
    /// <summary>Rule sets induced and scored on the valset; the best is kept (default 10).</summary>
    public int NumCandidates { get; init; } = 10;

    /// <summary>How many rules the rule-writing model is asked for, per predictor (default 10).</summary>
    public int NumRules { get; init; } = 10;

    /// <summary>The demo bootstrap run first (InferRules is a BootstrapFewShot in DSPy); its <c>Settings</c> are
    /// <see cref="Settings"/> when it has none.</summary>
    public BootstrapFewShotOptions Bootstrap { get; init; } = new();

    /// <summary>Seed of the rule requests' rollout ids (DSPy draws them from a generator seeded with 0).</summary>
    public int Seed { get; init; }

    /// <summary>LM calls in flight while scoring candidates (default 16).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>LM settings for the program's runs; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>LM settings of the rule-writing model (DSPy's <c>teacher_settings</c>); the program's when null.</summary>
    public LMSettings? PromptModel { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }
}
