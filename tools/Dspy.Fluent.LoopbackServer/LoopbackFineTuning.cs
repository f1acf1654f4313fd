namespace Dspy.Fluent.Loopback;

/// <summary>How a <see cref="LoopbackServer"/>'s fake fine-tuning jobs behave: how many status polls each stage lasts and whether jobs fail.</summary>
public sealed record LoopbackFineTuning
{
    /// <summary>Jobs walk queued → running → succeeded, one poll in each of the first two stages.</summary>
    public static LoopbackFineTuning Default { get; } = new();

    /// <summary>Polls that still see <c>queued</c> (default 1).</summary>
    public int QueuedPolls { get; init; } = 1;

    /// <summary>Polls that see <c>running</c> after that (default 1).</summary>
    public int RunningPolls { get; init; } = 1;

    /// <summary>When set, jobs end <c>failed</c> with this error message instead of succeeding.</summary>
    public string? FailWith { get; init; }

    /// <summary>When set, requests without <c>Authorization: Bearer {this}</c> are answered 401.</summary>
    public string? ApiKey { get; init; }
}
