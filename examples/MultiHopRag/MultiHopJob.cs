using System.Diagnostics;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>Runs the three programs and prints (and optionally writes) the comparison.</summary>
public static class MultiHopJob
{
    /// <summary>Runs the job with <paramref name="options"/>, writing the header and table to <paramref name="output"/>.</summary>
    /// <param name="options">The command line.</param>
    /// <param name="output">Where the header and the table go.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The process exit code (0).</returns>
    public static async Task<int> RunAsync(MultiHopOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var spec = LMSpec.Parse(options.LM);
        using var provider = spec.CreateClient();
        var builder = new ChatClientBuilder(provider);
        var cache = options.Cache is null ? SqliteLMCache.DefaultPath : options.Cache;
        builder = cache == "off" ? builder.UseDspyCacheDisabled() : builder.UseDspyCache(SqliteLMCache.Open(cache));
        using var lm = builder.Build();
        var settings = new LMSettings { Client = lm };
        var identity = LMIdentity.Of(lm);

        var data = await MultiHopData.LoadAsync(options, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"{identity.Describe()} [--lm {spec}]");
        output.WriteLine($"Data: {data.Source}, train {data.Train.Count}, dev {data.Dev.Count}, {data.Corpus.Count} passages; cache: {(cache == "off" ? "off" : cache)}");

        using var retriever = Bm25Retriever.Build(data.Corpus);
        var basic = MultiHopPrograms.BasicRag(retriever);
        var baleen = MultiHopPrograms.Baleen(retriever);
        var compiled = await CompiledBaleenAsync(options, baleen, retriever, data, settings, output, cancellationToken).ConfigureAwait(false);

        var rows = new List<ProgramScore>();
        var results = new List<EvaluationResult>();
        foreach (var (name, program) in new[] { ("basic_rag", basic), ("baleen_uncompiled", baleen), ("baleen_compiled", compiled) })
        {
            var result = await Evaluate.RunAsync(program, data.Dev, e => new MultiHopQuestion(e.GetText("question")), Metrics.ExactMatch,
                new EvaluateOptions { Settings = settings, Title = name, MaxErrors = null }, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            rows.Add(await ProgramScore.OfAsync(name, result, cancellationToken).ConfigureAwait(false));
        }

        WriteTable(output, rows);
        if (options.ReportJson is { } json) await MultiHopReport.WriteJsonAsync(json, spec.ToString(), identity, data, rows, cancellationToken).ConfigureAwait(false);
        if (options.ReportHtml is { } html)
            await HtmlReport.WriteAsync(results, $"Multi-hop RAG on {data.Source}", html, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<Program<MultiHopQuestion, RagAnswer>> CompiledBaleenAsync(MultiHopOptions options, Program<MultiHopQuestion, RagAnswer> baleen,
        IRetriever retriever, MultiHopData data, LMSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        if (options.Load is { } load)
        {
            output.WriteLine($"Compiled Baleen: loaded from {load}");
            return await baleen.LoadStateAsync(load, cancellationToken).ConfigureAwait(false);
        }
        var clock = Stopwatch.StartNew();
        // As in the tutorial: the teacher is Baleen with two passages per hop, and traces must pass the hop checks.
        var result = await new BootstrapFewShot(BaleenBootstrapMetric.Instance, new BootstrapFewShotOptions { Settings = settings })
            .CompileAsync(baleen, data.Train, new CompileOptions<MultiHopQuestion, RagAnswer>
            {
                ToInput = e => new MultiHopQuestion(e.GetText("question")),
                Teacher = MultiHopPrograms.Baleen(retriever, k: 2),
            }, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Compiled Baleen with BootstrapFewShot: {result.Report.Trials.Count(t => t.Accepted)} passing traces of {result.Report.Trials.Count} tried, " +
                         $"{result.Report.LMCalls} LM calls, {clock.Elapsed.TotalSeconds:0.0} s");
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
        foreach (var column in new[] { "program", "EM", "F1", "retrieval recall", "LM calls", "cache hits", "tokens", "seconds" })
            table.AddColumn(column == "program" ? new TableColumn(column) : new TableColumn(column).RightAligned());
        foreach (var r in rows)
            table.AddRow(r.Name, $"{r.ExactMatch:P1}", $"{r.F1:P1}", $"{r.RetrievalRecall:P1}", $"{r.LMCalls}", $"{r.CacheHits}", $"{r.Tokens}", $"{r.Seconds:0.00}");
        console.Write(table);
    }
}
