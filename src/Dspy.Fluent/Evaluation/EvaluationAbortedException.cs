namespace Dspy.Fluent;

/// <summary>An evaluation stopped because more examples failed than <see cref="EvaluateOptions.MaxErrors"/> allows.</summary>
public sealed class EvaluationAbortedException : Exception
{
    /// <summary>Creates the exception for a run that stopped with <paramref name="partial"/> rows finished.</summary>
    /// <param name="partial">What finished before the stop (rows in devset order, gaps left out).</param>
    /// <param name="maxErrors">The budget that was exceeded.</param>
    /// <param name="firstError">The first failed row.</param>
    public EvaluationAbortedException(EvaluationResult partial, int maxErrors, ExampleResult firstError)
        : base(Describe(partial, maxErrors, firstError))
    {
        PartialResult = partial;
        MaxErrors = maxErrors;
        FirstError = firstError;
    }

    /// <summary>The rows that finished before the run stopped.</summary>
    public EvaluationResult PartialResult { get; }

    /// <summary>The error budget that was exceeded.</summary>
    public int MaxErrors { get; }

    /// <summary>The first failed row (its <see cref="ExampleResult.Error"/> and calls say what went wrong).</summary>
    public ExampleResult FirstError { get; }

    private static string Describe(EvaluationResult partial, int maxErrors, ExampleResult first) =>
        $"Evaluation stopped: {partial.ErrorCount} examples failed, more than the {maxErrors} allowed (EvaluateOptions.MaxErrors), " +
        $"after {partial.Rows.Count} of the devset's examples finished. First error, example #{first.Index}: {first.Error} " +
        $"Fix the cause, or raise the budget with new EvaluateOptions {{ MaxErrors = {Math.Max(maxErrors * 2, maxErrors + 10)} }} (null for no limit).";
}
