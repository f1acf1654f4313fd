namespace Dspy.Fluent;

/// <summary>A metric-call budget for <see cref="GEPA"/> sized like a <see cref="MIPROv2"/> run of the same preset.</summary>
/// <remarks>As DSPy's GEPA <c>auto</c>: the budget MIPROv2 would spend with 6, 12 or 18 candidates on the same valset.</remarks>
public enum GEPAPreset
{
    /// <summary>As a light MIPROv2 run (6 candidates).</summary>
    Light,

    /// <summary>As a medium MIPROv2 run (12 candidates).</summary>
    Medium,

    /// <summary>As a heavy MIPROv2 run (18 candidates).</summary>
    Heavy,
}
