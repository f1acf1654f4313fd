namespace Dspy.Fluent;

/// <summary>How <see cref="Evaluate"/> runs a devset: concurrency, error budget, LM settings and progress.</summary>
public sealed record EvaluateOptions
{
    /// <summary>How many examples run at once (so, for a program that makes one LM call at a time, how many LM calls are in flight). Default 16.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>How many failed examples to tolerate; the next failure stops the run with an <see cref="EvaluationAbortedException"/>.
    /// Default 10 (DSPy's <c>max_errors</c>); null for no limit.</summary>
    /// <remarks>A failure is a run that threw (LM error, unparseable reply, bad input mapping) or a metric that threw; it becomes a row
    /// with the error text and <see cref="FailureScore"/>. DSPy stops when the count reaches <c>max_errors</c>; here it stops when it exceeds it.</remarks>
    public int? MaxErrors { get; init; } = 10;

    /// <summary>The score a failed example gets. Default 0.</summary>
    public double FailureScore { get; init; }

    /// <summary>The LM and its settings; null for the ambient <see cref="LMSettings.Current"/>. They are also ambient while the metric runs, so an LM judge uses the same LM unless told otherwise.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>Metrics scored on every row besides the main one (e.g. F1 and retrieval recall next to exact match), for
    /// reports; they do not change <see cref="EvaluationResult.Score"/>. Default none.</summary>
    /// <remarks>Scored as each row arrives, in this process, with the run's settings ambient; a failed row gets
    /// <see cref="FailureScore"/> for each, and an extra metric that throws fails its row like the main metric would.
    /// Names must differ from each other and from the main metric's.</remarks>
    /// <example>
    /// <code>
    /// var options = new EvaluateOptions { ExtraMetrics = [Metrics.F1, Metrics.RetrievalRecall] };
    /// var result = await Evaluate.RunAsync(program, devset, Metrics.ExactMatch, options);
    /// Console.WriteLine(result.ExtraScores[Metrics.F1.Name]);
    /// </code>
    /// </example>
    public IReadOnlyList<IMetric> ExtraMetrics { get; init; } = [];

    /// <summary>Receives a report after each finished example; null for none.</summary>
    public IProgress<EvaluationProgress>? Progress { get; init; }

    /// <summary>A title for reports, e.g. the program's name; null for none.</summary>
    public string? Title { get; init; }

    /// <summary>Whether rows keep every LM call (prompt and reply) of their run. Default true; turn off to save memory on huge devsets.</summary>
    public bool KeepHistory { get; init; } = true;

    /// <summary>Where the examples run: in this process (the default, <see cref="InProcessExecutor.Instance"/>) or, e.g., across a cluster.</summary>
    /// <remarks>Rows, scores and totals do not depend on the executor; only wall time and <see cref="ExampleResult.Elapsed"/> do.</remarks>
    public IExampleExecutor Executor { get; init; } = InProcessExecutor.Instance;

    /// <summary>The clock for the run's start time and wall time (a fake one makes reports reproducible).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
