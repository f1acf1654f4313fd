using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Runs a program over a devset and scores every output with a metric: bounded concurrency, cancellation, an error
/// budget, progress reports, and a result with one row per example in devset order.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.Evaluate</c>. Each example runs as a run of its own (<c>TryRunAsync</c>), so its row
/// holds exactly its own LM calls, tokens and time. A run that throws, or a metric that throws, becomes an error row
/// scored <see cref="EvaluateOptions.FailureScore"/>; more than <see cref="EvaluateOptions.MaxErrors"/> of them stop
/// the run with an <see cref="EvaluationAbortedException"/>. Cancelling the token throws <see cref="OperationCanceledException"/>.</para>
/// <para>Nothing is written to the console: pass <see cref="EvaluateOptions.Progress"/> (or use
/// <c>EvaluationProgressBar</c> in a console app) and write the result with a report class.</para>
/// </remarks>
/// <example>
/// <code>
/// var result = await Evaluate.RunAsync(qa, devset, Metrics.ExactMatch, new EvaluateOptions { Concurrency = 16, Settings = new() { Client = lm } });
/// Console.WriteLine(result.Summary());
/// await HtmlReport.WriteAsync(result, "report.html");
/// </code>
/// </example>
public static class Evaluate
{
    /// <summary>Evaluates <paramref name="program"/>, mapping each example to its input with <see cref="ProgramInputs.Default{TIn}"/>.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The program.</param>
    /// <param name="devset">The examples, with labels for the metric.</param>
    /// <param name="metric">Scores each output.</param>
    /// <param name="options">Concurrency, error budget, settings, progress; defaults when null.</param>
    /// <param name="cancellationToken">Stops the run; in-flight LM calls are cancelled.</param>
    /// <returns>The aggregate score and one row per example.</returns>
    /// <exception cref="EvaluationAbortedException">More examples failed than <see cref="EvaluateOptions.MaxErrors"/> allows.</exception>
    public static Task<EvaluationResult> RunAsync<TIn, TOut>(Program<TIn, TOut> program, IEnumerable<Example> devset, IMetric metric,
        EvaluateOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(program, devset, ProgramInputs.Default<TIn>(), metric, options, cancellationToken);

    /// <summary>Evaluates <paramref name="program"/>, mapping each example to its input with <paramref name="toInput"/>.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The program.</param>
    /// <param name="devset">The examples, with labels for the metric.</param>
    /// <param name="toInput">Builds the program input from an example; an exception here fails that example only.</param>
    /// <param name="metric">Scores each output.</param>
    /// <param name="options">Concurrency, error budget, settings, progress; defaults when null.</param>
    /// <param name="cancellationToken">Stops the run; in-flight LM calls are cancelled.</param>
    /// <returns>The aggregate score and one row per example.</returns>
    /// <exception cref="EvaluationAbortedException">More examples failed than <see cref="EvaluateOptions.MaxErrors"/> allows.</exception>
    public static Task<EvaluationResult> RunAsync<TIn, TOut>(Program<TIn, TOut> program, IEnumerable<Example> devset, Func<Example, TIn> toInput,
        IMetric metric, EvaluateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(devset);
        ArgumentNullException.ThrowIfNull(toInput);
        ArgumentNullException.ThrowIfNull(metric);
        options ??= new EvaluateOptions();
        if (options.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Concurrency, "EvaluateOptions.Concurrency must be at least 1.");
        if (options.MaxErrors is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxErrors, "EvaluateOptions.MaxErrors must be 0 or more (null for no limit).");
        if (!(options.FailureScore is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.FailureScore, "EvaluateOptions.FailureScore must be in [0, 1].");
        if (options.ExtraMetrics is null || options.ExtraMetrics.Any(m => m is null))
            throw new ArgumentException("EvaluateOptions.ExtraMetrics must not be null or contain null.", nameof(options));
        if (options.ExtraMetrics.Select(m => m.Name).Prepend(metric.Name).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException(
                $"Two metrics of this evaluation are named '{twice.Key}' (the main metric and EvaluateOptions.ExtraMetrics must have distinct names: rows and reports key scores by name). " +
                "Rename one, e.g. with Metrics.FromResult(\"my_name\", ...).", nameof(options));
        var examples = devset.ToArray();
        if (examples.Any(e => e is null)) throw new ArgumentException("The devset contains a null example.", nameof(devset));
        var run = new EvaluationRun<TIn, TOut>(program, examples, toInput, metric, options);
        return ObservedCall.IsObserved(run.Settings)
            ? ObservedCall.RunAsync(run.Settings, DspyCallKind.Evaluate, program.ModuleName ?? "program", (IReadOnlyList<Example>)examples, run,
                static (r, ct) => new ValueTask<EvaluationResult>(r.RunAsync(ct)), cancellationToken).AsTask()
            : run.RunAsync(cancellationToken);
    }
}
