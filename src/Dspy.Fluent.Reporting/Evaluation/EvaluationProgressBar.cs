using System.Globalization;
using Spectre.Console;

namespace Dspy.Fluent;

/// <summary>A live console progress bar for an evaluation (Spectre.Console), for console apps; evaluation itself never writes to the console.</summary>
/// <example>
/// <code>
/// var result = await EvaluationProgressBar.RunAsync(progress =>
///     Evaluate.RunAsync(qa, devset, Metrics.ExactMatch, new EvaluateOptions { Progress = progress }, ct));
/// </code>
/// </example>
public static class EvaluationProgressBar
{
    /// <summary>Runs <paramref name="evaluation"/> while showing its progress: examples done, running score and errors.</summary>
    /// <param name="evaluation">Starts the evaluation with the progress sink to pass as <see cref="EvaluateOptions.Progress"/>.</param>
    /// <param name="console">The console; null for <see cref="AnsiConsole.Console"/>.</param>
    /// <returns>The evaluation's result.</returns>
    public static Task<EvaluationResult> RunAsync(Func<IProgress<EvaluationProgress>, Task<EvaluationResult>> evaluation, IAnsiConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return (console ?? AnsiConsole.Console).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Evaluating", autoStart: true, maxValue: 1);
                return await evaluation(new TaskProgress(task)).ConfigureAwait(false);
            });
    }

    /// <summary>Updates the Spectre task directly (no synchronization context hop): reports arrive from many threads.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<EvaluationProgress>
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
                task.Description = string.Create(CultureInfo.InvariantCulture,
                    $"Evaluating {value.Done}/{value.Total} · score {100 * value.RunningScore:0.0}% · errors {value.Errors}");
            }
        }
    }
}
