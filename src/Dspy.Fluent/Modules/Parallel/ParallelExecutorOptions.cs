namespace Dspy.Fluent;

/// <summary>How <see cref="ParallelExecutor"/> runs a batch.</summary>
public sealed record ParallelExecutorOptions
{
    /// <summary>DSPy's defaults: 8 at a time, 10 errors tolerated.</summary>
    public static ParallelExecutorOptions Default { get; } = new();

    /// <summary>The most jobs in flight at once (DSPy's <c>num_threads</c>).</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>
    /// How many failed jobs are tolerated and returned as results; one more cancels the jobs still running and throws
    /// <see cref="ErrorBudgetExceededException"/>. 0 fails the batch on the first error.
    /// </summary>
    public int MaxErrors { get; init; } = 10;
}
