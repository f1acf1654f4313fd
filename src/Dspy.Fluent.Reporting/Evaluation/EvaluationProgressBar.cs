using Dspy.Fluent.Internal;
using System.Globalization;
using Spectre.Console;

namespace Dspy.Fluent;

/// <summary>A live console progress bar for an evaluation (Spectre.Console), for console apps; evaluation itself never writes to the console.
/// <see cref="ConsoleProgress"/> picks this bar on a terminal and plain lines otherwise.</summary>
/// <example>
/// <code>
/// var result = await EvaluationProgressBar.RunAsync(progress =>
///     Evaluate.RunAsync(qa, devset, Metrics.ExactMatch, new EvaluateOptions { Progress = progress }, ct));
/// </code>
/// </example>
public static class EvaluationProgressBar
{
    /// <summary>Runs <paramref name="evaluation"/> while showing its progress: examples done, running score, errors, LM calls and cache hits.</summary>
    /// <param name="evaluation">Starts the evaluation with the progress sink to pass as <see cref="EvaluateOptions.Progress"/>.</param>
    /// <param name="console">The console; null for <see cref="AnsiConsole.Console"/>.</param>
    /// <returns>The evaluation's result.</returns>
    public static Task<EvaluationResult> RunAsync(Func<IProgress<EvaluationProgress>, Task<EvaluationResult>> evaluation, IAnsiConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return RunAsync(evaluation, console ?? AnsiConsole.Console, Prefix(null));
    }

    /// <summary>Describes one progress report in a line: examples done of the total, score so far, failed examples, LM calls and cache hits.</summary>
    /// <param name="progress">A report.</param>
    /// <returns>For example <c>5/50 · score 80.0% · 1 failed · 12 LM calls, 3 cache hits</c>.</returns>
    /// <example>
    /// <code>
    /// var sink = new Progress&lt;EvaluationProgress&gt;(p =&gt; Console.Error.WriteLine(EvaluationProgressBar.Describe(p)));
    /// </code>
    /// </example>
    public static string Describe(EvaluationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return string.Create(CultureInfo.InvariantCulture,
            $"{progress.Done}/{progress.Total} · score {100 * progress.RunningScore:0.0}% · {progress.Errors} failed · {LMCalls(progress.LMCalls, progress.CacheHits)}");
    }

    /// <summary><c>12 LM calls, 3 cache hits</c>: the end of an evaluation's or a compile's progress line.</summary>
    internal static string LMCalls(int calls, int cacheHits) => $"{Counted.Of(calls, "LM call")}, {Counted.Of(cacheHits, "cache hit")}";

    /// <summary>What comes before <see cref="Describe"/> in a bar or a line: <c>Evaluating </c>, or <c>Evaluating name: </c>.</summary>
    internal static string Prefix(string? label) => string.IsNullOrEmpty(label) ? "Evaluating " : $"Evaluating {label}: ";

    internal static Task<EvaluationResult> RunAsync(Func<IProgress<EvaluationProgress>, Task<EvaluationResult>> evaluation, IAnsiConsole console, string prefix) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(prefix.TrimEnd(' ', ':')), autoStart: true, maxValue: 1);
                return await evaluation(new TaskProgress(task, prefix)).ConfigureAwait(false);
            });

    /// <summary>Updates the Spectre task directly (no synchronization context hop): reports arrive from many threads.</summary>
    private sealed class TaskProgress(ProgressTask task, string prefix) : IProgress<EvaluationProgress>
    {
        private readonly object _gate = new();
        private int _done;

        public void Report(EvaluationProgress value)
        {
            lock (_gate)
            {
                // Reports may arrive out of order; never move the bar backwards.
                if (value.Done < _done) return;
                _done = value.Done;
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = value.Done;
                task.Description = Markup.Escape(prefix + Describe(value));
            }
        }
    }
}
