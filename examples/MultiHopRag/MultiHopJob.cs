using System.Diagnostics;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>Runs the three programs and prints (and optionally writes) the comparison.</summary>
public static class MultiHopJob
{
    /// <summary>Exit code: the LM did not answer the check before the run.</summary>
    public const int LMUnreachable = 3;

    /// <summary>Exit code: an evaluation stopped on its error budget, or every teacher run of the compile failed.</summary>
    public const int StoppedOnErrors = 4;

    /// <summary>Runs the job with <paramref name="options"/>, writing the header and table to <paramref name="output"/> and
    /// errors to the console's standard error.</summary>
    /// <param name="options">The command line.</param>
    /// <param name="output">Where the header and the table go.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The process exit code: 0, <see cref="LMUnreachable"/> or <see cref="StoppedOnErrors"/>.</returns>
    public static Task<int> RunAsync(MultiHopOptions options, TextWriter output, CancellationToken cancellationToken = default) =>
        RunAsync(options, output, Console.Error, cancellationToken);

    /// <summary>Runs the job with <paramref name="options"/>, writing the header and table to <paramref name="output"/> and
    /// what went wrong (the LM check, failed examples, a stopped evaluation) to <paramref name="errors"/>.</summary>
    /// <param name="options">The command line.</param>
    /// <param name="output">Where the header and the table go.</param>
    /// <param name="errors">Where failures are reported: the first error of each program that had any, secrets masked.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The process exit code: 0, <see cref="LMUnreachable"/> or <see cref="StoppedOnErrors"/>.</returns>
    public static async Task<int> RunAsync(MultiHopOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var spec = LMSpec.Parse(options.LM);
        using var provider = spec.CreateClient();
        var identity = LMIdentity.Of(provider);
        if (!options.SkipLMCheck && !identity.IsStandIn && await LMCheck.ProblemAsync(provider, spec, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            await errors.WriteLineAsync(problem).ConfigureAwait(false);
            return LMUnreachable;
        }
        var builder = new ChatClientBuilder(provider);
        var cache = options.Cache is null ? SqliteLMCache.DefaultPath : options.Cache;
        builder = cache == "off" ? builder.UseDspyCacheDisabled() : builder.UseDspyCache(SqliteLMCache.Open(cache));
        // Retries below the cache: a passing 429 or 500 costs a wait instead of a failed example, and a cached reply never waits.
        using var lm = builder.UseLMRetries(c => c.MaxAttempts = options.LMAttempts).Build();
        var settings = new LMSettings { Client = lm };
        var redactor = SecretRedactor.For(lm);

        var data = await MultiHopData.LoadAsync(options, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"{identity.Describe()} [--lm {spec}]");
        output.WriteLine($"Data: {data.Source}, train {data.Train.Count}, dev {data.Dev.Count}, {data.Corpus.Count} passages; cache: {(cache == "off" ? "off" : cache)}");

        using var retriever = Bm25Retriever.Build(data.Corpus);
        var basic = MultiHopPrograms.BasicRag(retriever);
        var baleen = MultiHopPrograms.Baleen(retriever);
        var compiled = await CompiledBaleenAsync(options, baleen, retriever, data, settings, output, errors, redactor, cancellationToken).ConfigureAwait(false);
        if (compiled is null) return StoppedOnErrors;

        var rows = new List<ProgramScore>();
        var results = new List<EvaluationResult>();
        foreach (var (name, program) in new[] { ("basic_rag", basic), ("baleen_uncompiled", baleen), ("baleen_compiled", compiled) })
        {
            EvaluationResult result;
            var stopped = false;
            try
            {
                // Progress on the errors writer (stderr): a live bar on a terminal, a line per tenth when redirected; the table stays on stdout.
                result = await ConsoleProgress.EvaluateAsync(progress => Evaluate.RunAsync(program, data.Dev, e => new MultiHopQuestion(e.GetText("question")), Metrics.ExactMatch,
                    new EvaluateOptions
                    {
                        Settings = settings, Title = name, MaxErrors = options.ErrorBudget, ExtraMetrics = [Metrics.F1, Metrics.RetrievalRecall], Progress = progress,
                    }, cancellationToken), errors, name).ConfigureAwait(false);
            }
            catch (EvaluationAbortedException e)
            {
                (result, stopped) = (e.PartialResult, true);
            }
            results.Add(result);
            rows.Add(ProgramScore.Of(name, result) with { Stopped = stopped });
            await ReportFailuresAsync(errors, name, result, stopped, options, data.Dev.Count, redactor).ConfigureAwait(false);
            // One program stopping on errors usually means the LM is failing: the next would only fail the same way, slowly.
            if (stopped) break;
        }

        WriteTable(output, rows);
        if (options.ReportJson is { } json) await MultiHopReport.WriteJsonAsync(json, spec.ToString(), identity, data, rows, cancellationToken).ConfigureAwait(false);
        if (options.ReportHtml is { } html)
            await HtmlReport.WriteAsync(results, $"Multi-hop RAG on {data.Source}", html, cancellationToken).ConfigureAwait(false);
        return rows.Any(r => r.Stopped) ? StoppedOnErrors : 0;
    }

    private static async Task ReportFailuresAsync(TextWriter errors, string name, EvaluationResult result, bool stopped, MultiHopOptions options, int dev,
        SecretRedactor redactor)
    {
        if (result.Rows.FirstOrDefault(r => r.Failed) is not { } first) return;
        var count = stopped
            ? $"{result.ErrorCount} {(result.ErrorCount == 1 ? "example" : "examples")} failed, more than the {options.ErrorBudget} allowed (--max-errors), so its evaluation stopped after {result.Rows.Count} of {dev}"
            : $"{result.ErrorCount} of {dev} examples failed (each scored 0)";
        await errors.WriteLineAsync($"{name}: {count}. First error, example #{first.Index}: {redactor.Redact(first.Error)}").ConfigureAwait(false);
        if (stopped) await errors.WriteLineAsync("The remaining programs were not evaluated.").ConfigureAwait(false);
    }

    /// <summary>The compiled program, or null when every teacher run failed (reported on <paramref name="errors"/>).</summary>
    private static async Task<Program<MultiHopQuestion, RagAnswer>?> CompiledBaleenAsync(MultiHopOptions options, Program<MultiHopQuestion, RagAnswer> baleen,
        IRetriever retriever, MultiHopData data, LMSettings settings, TextWriter output, TextWriter errors, SecretRedactor redactor,
        CancellationToken cancellationToken)
    {
        if (options.Load is { } load)
        {
            output.WriteLine($"Compiled Baleen: loaded from {load}");
            if (options.Chart is { } unused)
                await errors.WriteLineAsync($"--chart: nothing was compiled (--load {load}), so there are no trials to chart; {unused} was not written.").ConfigureAwait(false);
            return await baleen.LoadStateAsync(load, cancellationToken).ConfigureAwait(false);
        }
        var clock = Stopwatch.StartNew();
        // As in the tutorial: the teacher is Baleen with two passages per hop, and traces must pass the hop checks.
        var result = await ConsoleProgress.CompileAsync(progress => new BootstrapFewShot(BaleenBootstrapMetric.Instance, new BootstrapFewShotOptions { Settings = settings, Progress = progress })
            .CompileAsync(baleen, data.Train, new CompileOptions<MultiHopQuestion, RagAnswer>
            {
                ToInput = e => new MultiHopQuestion(e.GetText("question")),
                Teacher = MultiHopPrograms.Baleen(retriever, k: 2),
            }, cancellationToken), errors).ConfigureAwait(false);
        var passing = result.Report.Trials.Count(t => t.Accepted);
        output.WriteLine($"Compiled Baleen with BootstrapFewShot: {passing} passing {(passing == 1 ? "trace" : "traces")} of {result.Report.Trials.Count} tried, " +
                         $"{result.Report.LMCalls} LM calls, {clock.Elapsed.TotalSeconds:0.0} s");
        if (options.Chart is { } chart)
        {
            OptimizerChart.Save(result.Report, chart);
            output.WriteLine($"Wrote the BootstrapFewShot trial chart to {chart} ({result.Report.Trials.Count} trials)");
        }
        // A teacher run that threw has no score (one that ran and missed has 0): "0 passing traces" alone hid a failing LM.
        var failed = result.Report.Trials.Where(t => t.Score is null).ToList();
        if (failed.Count > 0)
        {
            await errors.WriteLineAsync($"Compiling: {failed.Count} of {result.Report.Trials.Count} teacher runs failed. First error ({failed[0].Label}): " +
                                        redactor.Redact(failed[0].Detail)).ConfigureAwait(false);
            if (failed.Count == result.Report.Trials.Count)
            {
                await errors.WriteLineAsync("Every teacher run failed, so there is nothing to compile from; nothing was evaluated.").ConfigureAwait(false);
                return null;
            }
        }
        if (options.Save is { } save)
        {
            await result.Program.SaveAsync(save, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Saved the compiled program to {save}");
        }
        return result.Program;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<ProgramScore> rows)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 120;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "program", "EM", "F1", "retrieval recall", "failed", "LM calls", "cache hits", "tokens", "seconds" })
            table.AddColumn(column == "program" ? new TableColumn(column) : new TableColumn(column).RightAligned());
        foreach (var r in rows)
            table.AddRow(r.Name, $"{r.ExactMatch:P1}", $"{r.F1:P1}", $"{r.RetrievalRecall:P1}", r.Stopped ? $"{r.Failed} (stopped)" : $"{r.Failed}",
                $"{r.LMCalls}", $"{r.CacheHits}", $"{r.Tokens}", $"{r.Seconds:0.00}");
        console.Write(table);
    }
}
