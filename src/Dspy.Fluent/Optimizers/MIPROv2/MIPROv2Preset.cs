namespace Dspy.Fluent;

/// <summary>How much search <see cref="MIPROv2"/> does: candidate counts, valset cap and, through them, the trial count.</summary>
/// <remarks>As DSPy's <c>auto</c>: light = 6 candidates and at most 100 valset examples, medium = 12 and 300, heavy = 18 and 1000.</remarks>
public enum MIPROv2Preset
{
    /// <summary>6 candidates, valset capped at 100.</summary>
    Light,

    /// <summary>12 candidates, valset capped at 300.</summary>
    Medium,

    /// <summary>18 candidates, valset capped at 1000.</summary>
    Heavy,
}
