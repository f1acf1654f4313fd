using System.Globalization;
using Spectre.Console;

namespace Dspy.Fluent;

/// <summary>A live console progress bar for a compile (Spectre.Console): phase, trial, last score and best so far. For
/// console apps; optimizers themselves never write to the console.</summary>
/// <example>
/// <code>
/// var result = await OptimizerProgressBar.RunAsync(progress =>
///     new COPRO(Metrics.ExactMatch, new COPROOptions { Progress = progress }).CompileAsync(program, trainset, ct));
/// </code>
/// </example>
public static class OptimizerProgressBar
{
    /// <summary>Runs <paramref name="compile"/> while showing its progress.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="compile">Starts the compile with the progress sink to pass as the optimizer options' <c>Progress</c>.</param>
    /// <param name="console">The console; null for <see cref="AnsiConsole.Console"/>.</param>
    /// <returns>The compile's result.</returns>
    public static Task<CompileResult<TIn, TOut>> RunAsync<TIn, TOut>(Func<IProgress<OptimizerProgress>, Task<CompileResult<TIn, TOut>>> compile, IAnsiConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(compile);
        return (console ?? AnsiConsole.Console).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Compiling", autoStart: true, maxValue: 1);
                return await compile(new TaskProgress(task)).ConfigureAwait(false);
            });
    }

    /// <summary>Describes one progress report in a line: phase, step, last score, best so far, LM calls and cache hits.</summary>
    /// <param name="progress">A report.</param>
    /// <returns>For example <c>COPRO: evaluating candidates 3/8 · score 50.0% · best 62.5% · 40 LM calls, 12 cache hits</c>.</returns>
    /// <example>
    /// <code>
    /// var sink = new Progress&lt;OptimizerProgress&gt;(p =&gt; Console.Error.WriteLine(OptimizerProgressBar.Describe(p)));
    /// </code>
    /// </example>
    public static string Describe(OptimizerProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var step = progress.Total > 0 ? $" {progress.Done}/{progress.Total}" : $" {progress.Done}";
        var score = progress.Score is { } s ? string.Create(CultureInfo.InvariantCulture, $" · score {100 * s:0.0}%") : "";
        var best = progress.BestScore is { } b ? string.Create(CultureInfo.InvariantCulture, $" · best {100 * b:0.0}%") : "";
        return $"{progress.Optimizer}: {progress.Phase}{step}{score}{best} · {EvaluationProgressBar.LMCalls(progress.LMCalls, progress.CacheHits)}";
    }

    /// <summary>Updates the Spectre task directly (no synchronization context hop): reports arrive from many threads.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<OptimizerProgress>
    {
        private readonly object _gate = new();

        public void Report(OptimizerProgress value)
        {
            lock (_gate)
            {
                // A search whose length is open (Total 0) shows a full bar that keeps its description fresh.
                task.MaxValue = Math.Max(1, value.Total > 0 ? value.Total : value.Done);
                task.Value = Math.Min(value.Done, task.MaxValue);
                task.Description = Markup.Escape(Describe(value));
            }
        }
    }
}
