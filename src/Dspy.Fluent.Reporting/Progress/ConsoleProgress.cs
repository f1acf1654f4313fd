using Dspy.Fluent.Internal;
using Spectre.Console;

namespace Dspy.Fluent;

/// <summary>
/// Progress for console apps and tools, on by default: live Spectre bars (<see cref="EvaluationProgressBar"/>,
/// <see cref="OptimizerProgressBar"/>) when the log is the console's standard error and that is a terminal, and plain lines
/// when it is redirected (CI, a log file, a test's writer): one when the phase changes and one per tenth of the work.
/// </summary>
/// <remarks>
/// The plain lines depend only on the reports, not on a timer: the same run prints the same lines. With a concurrency above 1
/// the score shown at a given count depends on which examples finished first, as the evaluation's own reports do.
/// Results belong on standard output; pass standard error (or any writer for errors) as the log so they stay apart.
/// </remarks>
/// <example>
/// <code>
/// var compiled = await ConsoleProgress.CompileAsync(p =&gt;
///     new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { Progress = p }).CompileAsync(qa, trainset, ct), Console.Error);
/// var result = await ConsoleProgress.EvaluateAsync(p =&gt;
///     Evaluate.RunAsync(compiled.Program, devset, Metrics.ExactMatch, new EvaluateOptions { Progress = p }, ct), Console.Error, "compiled");
/// </code>
/// </example>
public static class ConsoleProgress
{
    /// <summary>Whether <paramref name="log"/> is the console's standard error and that is a terminal, so a live bar can be drawn on it.</summary>
    /// <param name="log">Where progress would go.</param>
    /// <returns>True for a live bar, false for plain lines.</returns>
    /// <example>
    /// <code>
    /// if (!ConsoleProgress.IsTerminal(Console.Error)) Console.Error.WriteLine("(progress as plain lines)");
    /// </code>
    /// </example>
    public static bool IsTerminal(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return ReferenceEquals(log, Console.Error) && !Console.IsErrorRedirected;
    }

    /// <summary>Runs <paramref name="evaluation"/> while showing its progress on <paramref name="log"/>: examples done, score so far,
    /// failed examples, LM calls and cache hits (see <see cref="EvaluationProgressBar.Describe"/>).</summary>
    /// <param name="evaluation">Starts the evaluation with the progress sink to pass as <see cref="EvaluateOptions.Progress"/>.</param>
    /// <param name="log">Where progress goes, usually <see cref="Console.Error"/>.</param>
    /// <param name="label">Names the evaluation in each line (e.g. the program), or null.</param>
    /// <returns>The evaluation's result.</returns>
    /// <example>
    /// <code>
    /// var result = await ConsoleProgress.EvaluateAsync(p =&gt;
    ///     Evaluate.RunAsync(qa, devset, Metrics.ExactMatch, new EvaluateOptions { Progress = p }, ct), Console.Error, "qa");
    /// // redirected: "Evaluating qa: 5/50 · score 80.0% · 0 failed · 5 LM calls, 0 cache hits", then one line per tenth
    /// </code>
    /// </example>
    public static async Task<EvaluationResult> EvaluateAsync(Func<IProgress<EvaluationProgress>, Task<EvaluationResult>> evaluation, TextWriter log, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(log);
        var prefix = EvaluationProgressBar.Prefix(label);
        if (IsTerminal(log)) return await EvaluationProgressBar.RunAsync(evaluation, ErrorConsole(), prefix).ConfigureAwait(false);
        var lines = new ProgressLines<EvaluationProgress>(log, p => prefix + EvaluationProgressBar.Describe(p), p => ("", p.Done, p.Total));
        try
        {
            return await evaluation(lines).ConfigureAwait(false);
        }
        finally
        {
            // Also when the evaluation stopped on its error budget: the last count before it stopped is worth a line.
            lines.Flush();
        }
    }

    /// <summary>Runs <paramref name="compile"/> while showing its progress on <paramref name="log"/>: optimizer, phase, step and best
    /// score so far (see <see cref="OptimizerProgressBar.Describe"/>).</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="compile">Starts the compile with the progress sink to pass as the optimizer options' <c>Progress</c>.</param>
    /// <param name="log">Where progress goes, usually <see cref="Console.Error"/>.</param>
    /// <returns>The compile's result.</returns>
    /// <example>
    /// <code>
    /// var compiled = await ConsoleProgress.CompileAsync(p =&gt;
    ///     new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { Progress = p }).CompileAsync(qa, trainset, ct), Console.Error);
    /// // redirected: "BootstrapFewShot: bootstrapping 2/20 · best 100.0%", then one line per tenth and per phase
    /// </code>
    /// </example>
    public static async Task<CompileResult<TIn, TOut>> CompileAsync<TIn, TOut>(Func<IProgress<OptimizerProgress>, Task<CompileResult<TIn, TOut>>> compile, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(compile);
        ArgumentNullException.ThrowIfNull(log);
        if (IsTerminal(log)) return await OptimizerProgressBar.RunAsync(compile, ErrorConsole()).ConfigureAwait(false);
        var lines = new ProgressLines<OptimizerProgress>(log, OptimizerProgressBar.Describe, p => (p.Phase, p.Done, p.Total));
        try
        {
            return await compile(lines).ConfigureAwait(false);
        }
        finally
        {
            lines.Flush();
        }
    }

    /// <summary>A Spectre console on standard error, so standard output keeps only the results.</summary>
    private static IAnsiConsole ErrorConsole() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
