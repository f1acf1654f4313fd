using System.Text.Json;
using Dspy.Fluent.Examples.MultiHopRag;

namespace Dspy.Fluent.Tests;

/// <summary>The main job, run in process as the command line would run it (and once as a real process).</summary>
public sealed class MultiHopRagTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string HotPotFile = Path.Combine(AppContext.BaseDirectory, "Data", "Files", "hotpot-synthetic.json");

    private sealed record Row(string Name, double Em, double F1, double RetrievalRecall, int LMCalls, int CacheHits, long Tokens);

    private static async Task<(JsonElement Report, IReadOnlyDictionary<string, Row> Rows, string Output)> RunAsync(params string[] args)
    {
        var json = Path.Combine(Path.GetTempPath(), $"multihop-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        var exit = await MultiHopJob.RunAsync(MultiHopOptions.Parse([.. args, "--report-json", json]), output, Ct);
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, Ct));
        File.Delete(json);
        var report = doc.RootElement.Clone();
        var rows = report.GetProperty("programs").EnumerateArray().Select(p => new Row(p.GetProperty("name").GetString()!, p.GetProperty("em").GetDouble(),
            p.GetProperty("f1").GetDouble(), p.GetProperty("retrieval_recall").GetDouble(), p.GetProperty("lm_calls").GetInt32(),
            p.GetProperty("cache_hits").GetInt32(), p.GetProperty("tokens").GetInt64())).ToDictionary(r => r.Name);
        return (report, rows, output.ToString());
    }

    [Fact]
    public async Task Offline_compiled_Baleen_beats_uncompiled_Baleen_and_basic_RAG_on_exact_match_and_retrieval()
    {
        var (report, rows, output) = await RunAsync("--cache", "off");

        var compiled = rows["baleen_compiled"];
        Assert.True(compiled.Em > rows["baleen_uncompiled"].Em && compiled.Em > rows["basic_rag"].Em, output);
        Assert.True(compiled.RetrievalRecall > rows["baleen_uncompiled"].RetrievalRecall && compiled.RetrievalRecall > rows["basic_rag"].RetrievalRecall, output);
        Assert.True(report.GetProperty("lm").GetProperty("simulated").GetBoolean());
        Assert.Equal(20, report.GetProperty("data").GetProperty("train").GetInt32());
        Assert.Equal(50, report.GetProperty("data").GetProperty("dev").GetInt32());
        Assert.Contains("simulated", output.Split('\n')[0]);
        Assert.Contains("│ baleen_compiled   │", output);
    }

    [Fact]
    public async Task The_report_JSON_has_exactly_the_documented_shape()
    {
        var (report, _, _) = await RunAsync("--cache", "off", "--train", "5", "--dev", "6");

        Assert.Equal(["lm", "data", "programs"], report.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "simulated"], report.GetProperty("lm").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["source", "train", "dev"], report.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.All(report.GetProperty("programs").EnumerateArray(), p =>
        {
            Assert.Equal(["name", "em", "f1", "retrieval_recall", "lm_calls", "cache_hits", "tokens", "seconds", "failed", "stopped"], p.EnumerateObject().Select(x => x.Name));
            Assert.InRange(p.GetProperty("em").GetDouble(), 0, 1);
            Assert.InRange(p.GetProperty("retrieval_recall").GetDouble(), 0, 1);
        });
    }

    [Fact]
    public async Task A_HotPotQA_file_gives_the_same_kind_of_table()
    {
        var (report, rows, output) = await RunAsync("--cache", "off", "--data", HotPotFile, "--train", "10", "--dev", "30");

        Assert.Equal(["basic_rag", "baleen_uncompiled", "baleen_compiled"], rows.Keys);
        Assert.StartsWith("hotpot-synthetic.json (HotPotQA format", report.GetProperty("data").GetProperty("source").GetString());
        Assert.True(rows["baleen_compiled"].Em > rows["baleen_uncompiled"].Em, output);
    }

    [Fact]
    public async Task A_second_run_with_the_persistent_cache_makes_no_new_LM_call_and_scores_the_same()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"multihop-cache-{Guid.NewGuid():N}.sqlite");
        try
        {
            var (_, first, _) = await RunAsync("--cache", cache, "--train", "8", "--dev", "12");
            var (_, second, _) = await RunAsync("--cache", cache, "--train", "8", "--dev", "12");

            foreach (var name in first.Keys)
            {
                Assert.Equal(second[name].LMCalls, second[name].CacheHits);
                Assert.Equal(0, second[name].Tokens);
                Assert.Equal(first[name].Em, second[name].Em);
                Assert.Equal(first[name].RetrievalRecall, second[name].RetrievalRecall);
            }
        }
        finally
        {
            foreach (var f in Directory.GetFiles(Path.GetDirectoryName(cache)!, Path.GetFileName(cache) + "*")) File.Delete(f);
        }
    }

    [Fact]
    public async Task A_compiled_program_saved_by_one_run_is_loaded_by_the_next_instead_of_compiling()
    {
        var saved = Path.Combine(Path.GetTempPath(), $"baleen-{Guid.NewGuid():N}.json");
        var (_, compiledRun, _) = await RunAsync("--cache", "off", "--train", "8", "--dev", "12", "--save", saved);
        var (_, loadedRun, output) = await RunAsync("--cache", "off", "--train", "8", "--dev", "12", "--load", saved);
        File.Delete(saved);

        Assert.Contains("Compiled Baleen: loaded from", output);
        Assert.Equal(compiledRun["baleen_compiled"].Em, loadedRun["baleen_compiled"].Em);
    }

    [Fact]
    public async Task A_malformed_data_file_is_a_clear_error_naming_the_file()
    {
        var bad = Path.Combine(AppContext.BaseDirectory, "Data", "Files", "hotpot-bad.json");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => MultiHopJob.RunAsync(MultiHopOptions.Parse(["--cache", "off", "--data", bad]), TextWriter.Null, Ct));

        Assert.Contains("hotpot-bad.json", error.Message);
    }

    [Fact]
    public void A_bad_option_lists_the_usage()
    {
        var error = Assert.Throws<ArgumentException>(() => MultiHopOptions.Parse(["--trian", "5"]));

        Assert.StartsWith("Unknown option '--trian'.", error.Message);
        Assert.Contains("--train N", error.Message);
    }

    [Fact]
    public void No_arguments_give_the_documented_defaults()
    {
        var options = MultiHopOptions.Parse([]);

        Assert.Equal(new MultiHopOptions(), options);
        Assert.Equal(("simulated", 20, 50, 1, 5, 5), (options.LM, options.Train, options.Dev, options.Seed, options.LMAttempts, options.ErrorBudget));
    }

    [Fact]
    public void Both_spellings_are_read_the_last_occurrence_wins_and_values_are_taken_literally()
    {
        var options = MultiHopOptions.Parse(["--train=5", "--train", "7", "--lm", "openai:x", "--lm=simulated", "--data", "@hotpot.json", "--max-errors", "0", "--no-lm-check", "-h"]);

        Assert.Equal(new MultiHopOptions { Train = 7, LM = "simulated", Data = "@hotpot.json", MaxErrors = 0, SkipLMCheck = true, Help = true }, options);
    }

    [Theory]
    [InlineData("--train", "--train needs a value.")]
    [InlineData("--train x", "--train needs a positive whole number, not 'x'.")]
    [InlineData("--dev 0", "--dev needs a positive whole number, not '0'.")]
    [InlineData("--max-errors -1", "--max-errors needs a whole number of 0 or more, not '-1'.")]
    [InlineData("--no-lm-check true", "Unknown option 'true'.")]
    public void A_bad_value_names_the_option_and_what_it_needs_then_lists_the_usage(string args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => MultiHopOptions.Parse(args.Split(' ')));

        Assert.Equal($"{message}\n\n{MultiHopOptions.Usage}", error.Message);
    }

    [Fact]
    public async Task Chart_draws_the_compiles_trials_with_a_best_so_far_line()
    {
        using var folder = new TempDirectory();
        var chart = folder.File("trials.svg");
        var output = new StringWriter();

        await MultiHopJob.RunAsync(MultiHopOptions.Parse(["--cache", "off", "--train", "5", "--dev", "6", "--chart", chart]), output, TextWriter.Null, Ct);

        var svg = await File.ReadAllTextAsync(chart, Ct);
        Assert.Contains($"Wrote the BootstrapFewShot trial chart to {chart} (", output.ToString());
        Assert.Contains("BootstrapFewShot: score per trial", svg);
        Assert.Contains("best so far", svg);
    }

    [Fact]
    public void Chart_needs_a_png_or_svg_file_before_anything_runs()
    {
        var error = Assert.Throws<ArgumentException>(() => MultiHopOptions.Parse(["--chart", "trials.pdf"]));

        Assert.StartsWith("--chart needs a .png or .svg file, not 'trials.pdf'.", error.Message);
    }

    [Fact]
    public async Task The_three_program_HTML_report_renders_in_headless_Chromium()
    {
        var browser = HeadlessChromium.Find();
        if (browser is null) Assert.Skip("No Chromium on PATH (.ci/run installs chromium-headless-shell with apt-get).");
        var folder = Directory.CreateTempSubdirectory("multihop-html-");
        try
        {
            var html = Path.Combine(folder.FullName, "report.html");
            var json = Path.Combine(folder.FullName, "report.json");
            await MultiHopJob.RunAsync(MultiHopOptions.Parse(["--cache", "off", "--train", "5", "--dev", "6", "--report-html", html, "--report-json", json]), TextWriter.Null, Ct);

            var (dom, log) = await HeadlessChromium.DumpDomAsync(browser!, new Uri(html).AbsoluteUri, folder.FullName, Ct);

            Assert.Contains("data-ready=\"1\"", dom);
            Assert.Contains("<section id=\"comparison\">", dom);
            Assert.Equal(3, HeadlessChromium.Occurrences(dom, "<section class=\"result\""));
            Assert.Equal(18, HeadlessChromium.Occurrences(dom, "<tr class=\"row"));
            Assert.DoesNotContain("Uncaught", log);
            // Each program's row of the rendered comparison shows EM, F1 and retrieval recall, with the job's own numbers.
            var comparison = HeadlessChromium.ComparisonScores(dom);
            var programs = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(json, Ct))!["programs"]!.AsArray();
            Assert.Equal(["basic_rag", "baleen_uncompiled", "baleen_compiled"], comparison.Keys);
            foreach (var program in programs)
            {
                var shown = comparison[(string)program!["name"]!];
                Assert.Equal((double)program["em"]!, shown[Metrics.ExactMatch.Name], 12);
                Assert.Equal((double)program["f1"]!, shown[Metrics.F1.Name], 12);
                Assert.Equal((double)program["retrieval_recall"]!, shown[Metrics.RetrievalRecall.Name], 12);
            }
            Assert.Contains(comparison.Values, scores => scores[Metrics.F1.Name] > 0);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_README_command_runs_the_main_job_as_a_process()
    {
        var (exit, output, error) = await ExampleProcess.RunAsync("MultiHopRag", ["--cache", "off", "--train", "5", "--dev", "6"], Ct);

        Assert.True(exit == 0, error);
        Assert.Contains("simulated", output);
        Assert.Contains("baleen_compiled", output);
        // Progress is on stderr, as plain lines since it is redirected; stdout keeps the header and the table.
        Assert.Matches(@"(?m)^BootstrapFewShot: bootstrapping \d+/5 · \d+ LM calls?, 0 cache hits$", error);
        Assert.Matches(@"(?m)^Evaluating baleen_compiled: 6/6 · score \d+\.\d% · 0 failed · \d+ LM calls, 0 cache hits$", error);
        Assert.DoesNotContain("Evaluating", output);
    }
}
