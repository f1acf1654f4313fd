using Dspy.Cli.Projects;

namespace Dspy.Cli.Tests;

/// <summary>
/// <c>dspy compile</c> and <c>dspy eval</c> run as processes on tests/Dspy.Cli.Sample, offline on the simulated LM. One class,
/// in the builds collection, so its tests run one at a time and never build while another test builds or packs.
/// </summary>
[Collection(BuildsCollection.Name)]
public sealed class CompileEvalTests(SampleProject sample)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] Project(string command, params string[] more) =>
        [command, "--project", sample.ProjectFolder, "--lm", "simulated", .. more];

    [Fact]
    public async Task Compile_builds_the_project_saves_the_marked_program_and_prints_the_diff_against_the_file_it_replaces()
    {
        var output = Path.Combine(sample.Folder, "rag-compile.json");
        var before = Path.Combine(sample.Folder, "rag-before.json");

        var first = await DspyTool.RunAsync(Project("compile", "--program", "rag", "--data", sample.Train, "--seed", "1", "--output", output));
        Assert.True(first.ExitCode == 0, first.Stderr);
        File.Copy(output, before);
        var second = await DspyTool.RunAsync(Project("compile", "--program", "rag", "--data", sample.Train, "--seed", "2", "--output", output, "--no-build"));
        var diff = await DspyTool.RunAsync("diff", before, output);

        Assert.Contains("Building ", first.Stderr);
        Assert.Contains("BootstrapFewShot: ", first.Stderr);
        Assert.Contains("No previous rag-compile.json to diff against: first compile of rag.", first.Stdout);
        Assert.NotEmpty((await ProgramState.LoadAsync(before, Ct)).Find("generate_answer")!.Demos);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.DoesNotContain("Building ", second.Stderr);
        Assert.Equal(1, diff.ExitCode);
        Assert.Contains($"dspy diff {output} (before) -> {output}\n", second.Stdout);
        var changes = diff.Stdout[(diff.Stdout.IndexOf('\n', StringComparison.Ordinal) + 1)..]; // after the header naming the two files
        Assert.True(second.Stdout.Contains(changes, StringComparison.Ordinal), $"compile printed:\n{second.Stdout}\ndspy diff printed:\n{diff.Stdout}");
    }

    [Fact]
    public async Task Compile_with_random_search_draws_its_trials_to_the_chart_file()
    {
        var (output, chart) = (Path.Combine(sample.Folder, "rag-search.json"), Path.Combine(sample.Folder, "trials.svg"));

        var compile = await DspyTool.RunAsync(Project("compile", "--program", "rag", "--data", sample.Train, "--optimizer", "random-search", "--candidates", "2",
            "--output", output, "--chart", chart, "--no-build"));

        Assert.True(compile.ExitCode == 0, compile.Stderr);
        Assert.Matches($@"Wrote {System.Text.RegularExpressions.Regex.Escape(chart)} \(\d+ trials\)", compile.Stdout);
        Assert.Contains("<svg xmlns", await File.ReadAllTextAsync(chart, Ct));
    }

    [Fact]
    public async Task Eval_loads_a_compiled_program_prints_the_table_and_writes_the_JSON_and_HTML_reports()
    {
        var compiled = Path.Combine(sample.Folder, "rag-eval.json");
        var (json, html) = (Path.Combine(sample.Folder, "eval.json"), Path.Combine(sample.Folder, "eval.html"));
        var compile = await DspyTool.RunAsync(Project("compile", "--program", "rag", "--data", sample.Train, "--output", compiled, "--no-build"));

        var eval = await DspyTool.RunAsync(Project("eval", "--program", "rag", "--data", sample.Dev, "--load", compiled, "--report-json", json, "--report-html", html, "--no-build"));

        Assert.True(compile.ExitCode == 0, compile.Stderr);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var report = await JsonReport.ReadAsync(json, Ct);
        Assert.Equal(10, report.Rows.Count);
        Assert.Equal("rag", report.Title);
        Assert.Equal(0, report.ErrorCount);
        Assert.True(eval.Stdout.Contains($"{report.Percent:0}% over 10 examples, 0 failed", StringComparison.Ordinal), $"score {report.Percent}; eval printed:\n{eval.Stdout}");
        Assert.Contains("Evaluating rag: 10/10 · score ", eval.Stderr);
        Assert.Contains("<html", await File.ReadAllTextAsync(html, Ct));
    }

    [Fact]
    public async Task Eval_uses_a_metric_the_project_marked_by_its_name()
    {
        var json = Path.Combine(sample.Folder, "lenient.json");

        var eval = await DspyTool.RunAsync(Project("eval", "--program", "rag", "--data", sample.Dev, "--metric", "lenient", "--report-json", json, "--no-build"));

        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Equal(Metrics.ExactMatchOrF1(0.5).Name, (await JsonReport.ReadAsync(json, Ct)).Metric);
    }

    [Fact]
    public async Task Without_program_a_project_marking_several_is_an_error_listing_their_names()
    {
        var eval = await DspyTool.RunAsync(Project("eval", "--data", sample.Dev, "--no-build"));

        Assert.Equal(2, eval.ExitCode);
        Assert.Contains("Dspy.Cli.Sample marks 2 programs (rag, Closed); choose one with --program NAME.", eval.Stderr);
    }

    [Fact]
    public async Task An_unknown_metric_lists_the_marked_and_built_in_metrics()
    {
        var eval = await DspyTool.RunAsync(Project("eval", "--program", "rag", "--data", sample.Dev, "--metric", "bleu", "--no-build"));

        Assert.Equal(2, eval.ExitCode);
        Assert.Contains("--metric bleu: no metric of that name. Known: exact_match, f1, lenient, passage_match.", eval.Stderr);
    }

    [Fact]
    public async Task A_bad_lm_spec_is_reported_before_anything_is_built()
    {
        var eval = await DspyTool.RunAsync("eval", "--project", sample.ProjectFolder, "--lm", "foo", "--data", sample.Dev);

        Assert.Equal(2, eval.ExitCode);
        Assert.StartsWith("dspy: --lm: Unknown LM scheme 'foo'", eval.Stderr);
        Assert.DoesNotContain("Building", eval.Stderr);
    }

    [Fact]
    public void A_Dspy_Fluent_version_differing_from_the_tools_names_both_and_the_update_command()
    {
        var project = new Dictionary<string, Version?> { ["Dspy.Fluent"] = new(1, 2, 0, 0), ["Dspy.Fluent.Lucene"] = new(1, 2, 0, 0) };
        var tool = new Dictionary<string, Version?> { ["Dspy.Fluent"] = new(1, 3, 0, 0) };

        var error = Assert.Throws<ToolInputException>(() => SharedAssemblies.CheckVersions(project, tool, "/p/bin/App.dll"));

        Assert.Equal("App.dll was built against other Dspy.Fluent versions than this dspy tool runs on: Dspy.Fluent 1.2.0.0 (project) vs 1.3.0.0 (dspy tool). " +
                     "The programs' types must be the tool's own, so install the matching tool (`dotnet tool update Dspy.Cli --version 1.2.0`) " +
                     "or update the project's Dspy.Fluent packages to the tool's version.", error.Message);
    }

    [Fact]
    public void Equal_versions_and_assemblies_only_the_project_has_pass_the_check()
    {
        var project = new Dictionary<string, Version?> { ["Dspy.Fluent"] = new(1, 3, 0, 0), ["Dspy.Fluent.Lucene"] = new(1, 2, 0, 0) };
        var tool = new Dictionary<string, Version?> { ["Dspy.Fluent"] = new(1, 3, 0, 0) };

        SharedAssemblies.CheckVersions(project, tool, "/p/bin/App.dll");
    }
}
