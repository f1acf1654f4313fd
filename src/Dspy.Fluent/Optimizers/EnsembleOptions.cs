namespace Dspy.Fluent;

/// <summary>Settings of <see cref="Ensemble"/>.</summary>
public sealed record EnsembleOptions
{
    /// <summary>How many of the programs run per input (a seeded sample); all of them when null.</summary>
    public int? Size { get; init; }

    /// <summary>Seed of the per-input sample when <see cref="Size"/> is set.</summary>
    public int Seed { get; init; }
}
