namespace Dspy.Cli.Tests;

public sealed class DiffTests(CompiledPrograms programs)
{
    [Fact]
    public async Task Diff_of_two_seeds_prints_the_changed_demos_and_exits_1()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = (await ProgramState.LoadAsync(programs.First, ct)).Find("generate_answer")!.Demos;
        var after = (await ProgramState.LoadAsync(programs.Second, ct)).Find("generate_answer")!.Demos;
        var onlyAfter = after.Where(d => !before.Contains(d)).ToList();
        Assert.NotEmpty(onlyAfter);

        var result = await DspyTool.RunAsync("diff", programs.First, programs.Second);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("== generate_answer", result.Stdout);
        foreach (var demo in onlyAfter) Assert.Contains(demo.GetText("question"), result.Stdout);
    }

    [Fact]
    public async Task Diff_of_a_program_with_itself_exits_0()
    {
        var result = await DspyTool.RunAsync("diff", programs.First, programs.First);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No differences.", result.Stdout);
    }

    [Fact]
    public async Task Diff_as_markdown_matches_the_reviewed_snapshot()
    {
        var result = await DspyTool.RunAsync("diff", programs.First, programs.Second, "--format", "markdown");

        Assert.Equal(1, result.ExitCode);
        Snapshooter.Xunit3.Snapshot.Match(result.Stdout);
    }

    [Fact]
    public async Task Diff_of_a_missing_file_exits_2_and_names_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-program-" + Guid.NewGuid().ToString("N") + ".json");

        var result = await DspyTool.RunAsync("diff", programs.First, missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Diff_of_a_file_that_is_not_a_program_exits_2_and_says_what_was_expected()
    {
        var notProgram = Path.Combine(Path.GetTempPath(), "not-a-program-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(notProgram, "{\"hello\": 1}", TestContext.Current.CancellationToken);

        var result = await DspyTool.RunAsync("diff", notProgram, programs.First);
        File.Delete(notProgram);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{notProgram}: not a saved program", result.Stderr);
    }

    [Fact]
    public async Task Diff_of_two_DSPy_saved_files_reports_predictors_added_and_removed()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "dspy-saved");

        var result = await DspyTool.RunAsync("diff", Path.Combine(folder, "cot-labeled.json"), Path.Combine(folder, "baleen-compiled.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("== predict\n  removed predictor (0 bootstrapped + 2 labeled)", result.Stdout);
        Assert.Contains("== generate_answer.predict\n  added predictor (2 bootstrapped + 0 labeled)", result.Stdout);
    }
}

public sealed class EditedDiffTests(CompiledPrograms programs) : IDisposable
{
    private readonly string _edited = Path.Combine(Path.GetTempPath(), "dspy-cli-edited-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => File.Delete(_edited);

    [Fact]
    public async Task Diff_shows_reworded_instructions_and_an_edited_demo_answer_word_by_word()
    {
        var ct = TestContext.Current.CancellationToken;
        var state = await ProgramState.LoadAsync(programs.First, ct);
        var edited = state.Update("generate_answer", p => p with
        {
            Instructions = "Answer questions with very short factoid answers.",
            Demos = [p.Demos[0].With("answer", "Nowhere Town"), .. p.Demos.Skip(1)],
        });
        await edited.SaveAsync(_edited, ct);

        var result = await DspyTool.RunAsync("diff", programs.First, _edited);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("instructions: Answer questions with {+very +}short factoid answers.", result.Stdout);
        Assert.Contains("demos: 0 added, 0 removed, 1 changed", result.Stdout);
        Assert.Contains($"answer: [-{state.Find("generate_answer")!.Demos[0].GetText("answer")}-]{{+Nowhere Town+}}", result.Stdout);
    }
}
