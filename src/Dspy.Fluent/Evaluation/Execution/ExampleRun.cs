namespace Dspy.Fluent;

/// <summary>One example's run under an <see cref="IExampleExecutor"/>: its output and trace, its score, or why there is none.</summary>
/// <typeparam name="TOut">The program's output type.</typeparam>
/// <example>
/// <code>
/// await foreach (var run in executor.RunAsync(work, ct))
///     Console.WriteLine(run.Error is { } e ? $"{run.Index} failed: {e}" : $"{run.Index}: {run.Score!.Score}");
/// </code>
/// </example>
public sealed record ExampleRun<TOut>
{
    /// <summary>The example's position in <see cref="ExampleWork{TIn, TOut}.Examples"/>.</summary>
    public required int Index { get; init; }

    /// <summary>The program's output, or default when the program failed (or never ran).</summary>
    public TOut? Output { get; init; }

    /// <summary>The output as a prediction (what reports show and metrics read), or null when the program failed.</summary>
    public Prediction? Prediction { get; init; }

    /// <summary>The predictor calls the run made, in order (kept for failed runs too).</summary>
    public IReadOnlyList<TraceEntry> Trace { get; init; } = [];

    /// <summary>The metric's result, or null when the run or the metric failed.</summary>
    public MetricResult? Score { get; init; }

    /// <summary>Why there is no score, or null.</summary>
    public ExampleError? Error { get; init; }

    /// <summary>The LM calls and tokens the run used (the metric's own LM calls are not counted).</summary>
    public EvaluationUsage Usage { get; init; } = EvaluationUsage.Zero;

    /// <summary>How long the program ran.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The run's LM calls when <see cref="ExampleWork{TIn, TOut}.KeepHistory"/> is set; otherwise empty.</summary>
    public IReadOnlyList<LMCall> Calls { get; init; } = [];
}
