namespace Dspy.Cli.Tests;

public sealed class InspectTests(CompiledPrograms programs)
{
    [Fact]
    public async Task Inspect_prints_each_demo_and_the_bootstrapped_and_labeled_counts()
    {
        var state = await ProgramState.LoadAsync(programs.First, TestContext.Current.CancellationToken);
        var demos = state.Find("generate_answer")!.Demos;

        var result = await DspyTool.RunAsync("inspect", programs.First);

        Assert.Equal(0, result.ExitCode);
        var bootstrapped = demos.Count(d => d.ContainsKey(PredictorState.AugmentedKey));
        Assert.Contains($"demos:        {demos.Count} ({bootstrapped} bootstrapped, {demos.Count - bootstrapped} labeled)", result.Stdout);
        foreach (var demo in demos) Assert.Contains($"question: {demo.GetText("question")}", result.Stdout);
    }

    [Fact]
    public async Task Inspect_reads_a_DSPy_saved_file()
    {
        var result = await DspyTool.RunAsync("inspect", Path.Combine(AppContext.BaseDirectory, "dspy-saved", "baleen-compiled.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(DSPy program.save(), 3 predictors)", result.Stdout);
        Assert.Contains("== generate_query[1].predict", result.Stdout);
        Assert.Contains("instructions: Answer questions with short factoid answers.", result.Stdout);
    }

    [Fact]
    public async Task Inspect_as_json_gives_each_predictor_its_demo_counts()
    {
        var result = await DspyTool.RunAsync("inspect", programs.First, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var predictor = json.RootElement.GetProperty("predictors")[0];
        Assert.Equal("generate_answer", predictor.GetProperty("name").GetString());
        Assert.Equal(predictor.GetProperty("demos").GetArrayLength(), predictor.GetProperty("bootstrapped").GetInt32() + predictor.GetProperty("labeled").GetInt32());
    }
}
