using System.Reflection;
using Dspy.Fluent;
using Spectre.Console;

namespace Dspy.Cli.Running;

/// <summary><c>dspy eval</c>: evaluates the marked program (optionally with a saved state loaded) and writes the reports.</summary>
internal static class EvalRunner
{
    /// <summary>The exit code when the evaluation stopped because more examples failed than <c>--max-errors</c> allows.</summary>
    public const int StoppedOnErrors = 4;

    private static readonly MethodInfo Typed = typeof(EvalRunner).GetMethod(nameof(EvaluateAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Task<int> RunAsync(ProjectSession session, EvalArguments args, TextWriter output, TextWriter log, CancellationToken cancellationToken) =>
        session.WithTypesAsync<int>(Typed, args, output, log, cancellationToken);

    private static async Task<int> EvaluateAsync<TIn, TOut>(ProjectSession session, EvalArguments args, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        var program = (Program<TIn, TOut>)session.Instance;
        if (args.Load is { } load)
        {
            if (!File.Exists(load)) throw new ToolInputException($"--load {load}: no such file (full path {Path.GetFullPath(load)}). Pass a file written by dspy compile or program.SaveAsync.");
            try
            {
                program = await program.LoadStateAsync(load, cancellationToken).ConfigureAwait(false);
            }
            catch (ProgramStateFormatException e)
            {
                throw new ToolInputException($"--load {load}: {e.Message}", e);
            }
        }
        EvaluateOptions Options(IProgress<EvaluationProgress> progress) => new()
        {
            Settings = new LMSettings { Client = session.LM }, Progress = progress, Title = session.Program.Name,
            MaxErrors = args.MaxErrors, Concurrency = args.Concurrency,
        };
        EvaluationResult result;
        var code = 0;
        try
        {
            result = await ConsoleProgress.EvaluateAsync(p => Evaluate.RunAsync(program, session.Data, session.Metric, Options(p), cancellationToken), log,
                session.Program.Name).ConfigureAwait(false);
        }
        catch (EvaluationAbortedException e)
        {
            await log.WriteLineAsync($"dspy: {e.Message}").ConfigureAwait(false);
            result = e.PartialResult;
            code = StoppedOnErrors;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        ConsoleReport.Write(result, console);
        if (result.Rows.FirstOrDefault(r => r.Failed) is { } failed)
            await log.WriteLineAsync($"{result.ErrorCount} of {result.Rows.Count} examples failed (each scored 0). First error: {failed.Error}").ConfigureAwait(false);
        if (args.ReportJson is { } json)
        {
            await JsonReport.WriteAsync(result, json, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote {json}").ConfigureAwait(false);
        }
        if (args.ReportHtml is { } html)
        {
            await HtmlReport.WriteAsync(result, html, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote {html}").ConfigureAwait(false);
        }
        return code;
    }
}
