namespace Dspy.Fluent;

/// <summary>Settings of <see cref="LabeledFewShot"/>.</summary>
public sealed record LabeledFewShotOptions
{
    /// <summary>Demos per predictor (DSPy's <c>k</c>, default 16).</summary>
    public int K { get; init; } = 16;

    /// <summary>Seed of the sampling.</summary>
    public int Seed { get; init; }

    /// <summary>The LM settings the report names (LabeledFewShot itself calls no LM); ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }
}
