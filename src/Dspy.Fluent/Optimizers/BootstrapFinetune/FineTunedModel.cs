namespace Dspy.Fluent;

/// <summary>A model a fine-tuning job produced.</summary>
/// <param name="ModelId">The id to request it by (set it as <see cref="PredictorState.Model"/>).</param>
/// <param name="BaseModel">The model it was trained from.</param>
/// <param name="JobId">The provider's job id.</param>
/// <param name="Simulated">True when no weights were trained: a <c>SimulatedFineTuner</c> derived a simulated model.</param>
public sealed record FineTunedModel(string ModelId, string BaseModel, string JobId, bool Simulated)
{
    /// <summary>The job's statuses in the order seen, e.g. queued, running, succeeded.</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Training examples the job used.</summary>
    public int Examples { get; init; }
}
