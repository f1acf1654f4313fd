
namespace Dspy.Fluent;

/// <summary>LM settings one predictor declares in code; null members defer to the run's settings.</summary>
public sealed record PredictorConfig
{
    /// <summary>Nothing declared.</summary>
    public static PredictorConfig Default { get; } = new();

    /// <summary>Sampling temperature for this predictor.</summary>
    public float? Temperature { get; init; }

    /// <summary>Reply token limit for this predictor.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Model id for this predictor.</summary>
    public string? Model { get; init; }

    /// <summary>Adapter for this predictor.</summary>
    public IAdapter? Adapter { get; init; }
}
