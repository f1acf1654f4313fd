namespace Dspy.Fluent;

/// <summary>How <see cref="BestOfN"/> samples its attempts.</summary>
public sealed record BestOfNOptions
{
    /// <summary>DSPy's defaults.</summary>
    public static BestOfNOptions Default { get; } = new();

    /// <summary>
    /// How many attempts may fail (throw, including the reward function) before the failure is rethrown; null
    /// tolerates all N. When every attempt fails, an <see cref="InvalidOperationException"/> carries all the errors.
    /// </summary>
    public int? FailCount { get; init; }

    /// <summary>The temperature for every attempt (DSPy's 1.0). It sets the run's <see cref="LMSettings.Temperature"/>,
    /// so a predictor's own configured or compiled temperature still takes precedence, as in DSPy.</summary>
    public float Temperature { get; init; } = 1.0f;
}
