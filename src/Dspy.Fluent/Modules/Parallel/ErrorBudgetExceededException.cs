namespace Dspy.Fluent;

/// <summary>
/// More jobs of a <see cref="ParallelExecutor"/> batch failed than its error budget allows; the jobs still running
/// were cancelled. <see cref="Errors"/> holds every failure seen, in the order they happened.
/// </summary>
public sealed class ErrorBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="maxErrors">The budget that was exceeded.</param>
    /// <param name="jobs">How many jobs the batch had.</param>
    /// <param name="errors">The failures, first one first.</param>
    public ErrorBudgetExceededException(int maxErrors, int jobs, IReadOnlyList<Exception> errors)
        : base(Compose(maxErrors, jobs, errors), errors.Count > 0 ? errors[0] : null)
    {
        MaxErrors = maxErrors;
        Jobs = jobs;
        Errors = errors;
    }

    /// <summary>How many failures were tolerated.</summary>
    public int MaxErrors { get; }

    /// <summary>How many jobs the batch had.</summary>
    public int Jobs { get; }

    /// <summary>The failures seen before the batch was stopped.</summary>
    public IReadOnlyList<Exception> Errors { get; }

    private static string Compose(int maxErrors, int jobs, IReadOnlyList<Exception> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var first = errors.Count > 0 ? $" The first: {errors[0].GetType().Name}: {errors[0].Message}" : "";
        return $"{errors.Count} of {jobs} jobs failed, more than the {maxErrors} tolerated (ParallelExecutorOptions.MaxErrors); " +
               $"the remaining jobs were cancelled.{first}";
    }
}
