using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// The result of one run, success or failure, with everything it did: the trace of predictor calls, the LM
/// history and token usage. Returned by <c>TryRunAsync</c>, where failure is data rather than an exception.
/// </summary>
/// <typeparam name="T">The program's output type.</typeparam>
public sealed record ProgramOutcome<T>
{
    /// <summary>The output when the run succeeded; default otherwise.</summary>
    public T? Output { get; init; }

    /// <summary>What went wrong, or null when the run succeeded.</summary>
    public Exception? Error { get; init; }

    /// <summary>Whether the run produced an output.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Each predictor (and retriever) call in the order it finished.</summary>
    public required IReadOnlyList<TraceEntry> Trace { get; init; }

    /// <summary>Every LM call of the run, oldest first.</summary>
    public required LMHistory History { get; init; }

    /// <summary>Token usage summed over the run's LM calls.</summary>
    public required UsageDetails Usage { get; init; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The output, or the run's exception rethrown with its original stack.</summary>
    public T GetOutputOrThrow()
    {
        if (Error is not null) ExceptionDispatchInfo.Throw(Error);
        return Output!;
    }
}
