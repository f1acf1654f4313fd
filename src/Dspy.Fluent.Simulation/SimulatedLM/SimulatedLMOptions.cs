namespace Dspy.Fluent;

/// <summary>Settings of a <see cref="SimulatedLM"/>.</summary>
public sealed record SimulatedLMOptions
{
    /// <summary>The model id the simulated LM answers as when a request names none.</summary>
    public string Model { get; init; } = SimulatedLM.DefaultModel;

    /// <summary>The base model's habits.</summary>
    public SimulatedLMProfile Profile { get; init; } = SimulatedLMProfile.Default;

    /// <summary>A delay before each reply, to make throughput measurable (zero by default).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The clock used for <see cref="Latency"/>; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
