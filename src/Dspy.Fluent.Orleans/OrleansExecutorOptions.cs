namespace Dspy.Fluent.Orleans;

/// <summary>How <see cref="OrleansExecutor"/> splits work over the cluster.</summary>
/// <example>
/// <code>
/// var executor = new OrleansExecutor(client, "rag", new OrleansExecutorOptions { BatchSize = 16, BatchesInFlightPerSilo = 4 });
/// </code>
/// </example>
public sealed record OrleansExecutorOptions
{
    /// <summary>
    /// Examples per grain call at most (default 16). Larger batches cost less per example; smaller ones lose less when
    /// a silo dies. The last batches of a run are smaller, so the silos finish together.
    /// </summary>
    /// <example>
    /// <code>
    /// var options = new OrleansExecutorOptions { BatchSize = 32 }; // a large compiled state: ship it less often
    /// </code>
    /// </example>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Batches each silo holds at once (default 4). A batch replies when its slowest example is done, so a silo needs
    /// more examples in hand than its LM concurrency to keep that limit busy; the extra ones wait at the silo's limiter.
    /// </summary>
    /// <example>
    /// <code>
    /// // Silos with Dspy:Concurrency = 64 and batches of 16: keep 8 batches (128 examples) on each.
    /// var options = new OrleansExecutorOptions { BatchSize = 16, BatchesInFlightPerSilo = 8 };
    /// </code>
    /// </example>
    public int BatchesInFlightPerSilo { get; init; } = 4;

    /// <summary>
    /// How many silos may try a batch before its examples are reported as failed runs with
    /// <see cref="ExampleErrorStage.Executor"/> (default 3). Only transport failures (a silo that died or cannot be
    /// reached) count; an error from the deployment (no such program or metric) fails the whole run at once.
    /// </summary>
    /// <example>
    /// <code>
    /// var options = new OrleansExecutorOptions { MaxAttempts = 1 }; // report a lost batch's examples at once, never re-run them
    /// </code>
    /// </example>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// How often the executor reads the cluster's membership while batches run (default 2 s): a silo that left it has
    /// its calls cancelled and its batches re-run, instead of waiting for the client's response timeout.
    /// </summary>
    /// <example>
    /// <code>
    /// var options = new OrleansExecutorOptions { LivenessCheckInterval = TimeSpan.FromSeconds(1) };
    /// </code>
    /// </example>
    public TimeSpan LivenessCheckInterval { get; init; } = TimeSpan.FromSeconds(2);
}
