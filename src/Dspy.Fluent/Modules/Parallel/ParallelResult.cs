using System.Runtime.ExceptionServices;

namespace Dspy.Fluent;

/// <summary>The outcome of one job of a <see cref="ParallelExecutor"/> batch: an output or the error, never both.</summary>
/// <typeparam name="T">The output type.</typeparam>
public sealed record ParallelResult<T>
{
    /// <summary>The job's position in the batch, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The output when the job succeeded; default otherwise.</summary>
    public T? Output { get; init; }

    /// <summary>What went wrong, or null when the job succeeded.</summary>
    public Exception? Error { get; init; }

    /// <summary>Whether the job produced an output.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The output, or the job's exception rethrown with its original stack.</summary>
    public T GetOutputOrThrow()
    {
        if (Error is not null) ExceptionDispatchInfo.Throw(Error);
        return Output!;
    }
}
