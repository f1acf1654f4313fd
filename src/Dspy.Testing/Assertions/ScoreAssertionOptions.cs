namespace Dspy.Fluent;

/// <summary>Settings of <see cref="ProgramAssertions.ShouldScoreAtLeastAsync{TIn, TOut}(Program{TIn, TOut}, IEnumerable{Example}, IMetric, double, ScoreAssertionOptions, CancellationToken)"/>.</summary>
public sealed record ScoreAssertionOptions
{
    /// <summary>How the devset is evaluated (LM settings, concurrency, error budget…).</summary>
    public EvaluateOptions Evaluation { get; init; } = new();

    /// <summary>How many of the worst examples a failure message lists. Default 5.</summary>
    public int WorstExamples { get; init; } = 5;

    /// <summary>Whether to attach the HTML and JSON reports to the test result (xunit test attachments), pass or fail. Default true.</summary>
    public bool AttachReports { get; init; } = true;

    /// <summary>The attachments' base name; null for <c>evaluation-{metric}</c>.</summary>
    public string? ReportName { get; init; }
}
