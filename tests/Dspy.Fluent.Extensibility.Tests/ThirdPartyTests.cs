namespace Acme.DspyExtensions;

/// <summary>A module and an optimizer written against the public API only, composed, compiled, saved and reloaded.</summary>
public sealed class ThirdPartyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("third-party-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Drafts "Paris" for every question; the check accepts it only for questions about France.</summary>
    private static ScriptedChatClient Lm() => ScriptedChatClient.Answering(messages =>
    {
        var question = ScriptedChatClient.InputOf(messages, "question") ?? "";
        return ScriptedChatClient.InputOf(messages, "answer") is null
            ? new Dictionary<string, object?> { ["answer"] = "Paris" }
            : new Dictionary<string, object?> { ["verdict"] = question.Contains("France", StringComparison.Ordinal), ["corrected"] = "unknown" };
    });

    private static readonly Example[] Train =
    [
        Example.Create("question", "Capital of France?").With("answer", "Paris").WithInputs("question"),
        Example.Create("question", "Capital of Peru?").With("answer", "Lima").WithInputs("question"),
        Example.Create("question", "Largest city of France?").With("answer", "Paris").WithInputs("question"),
    ];

    private static Program<Example, string> Composed(SelfCheck module) =>
        from q in Programs.Input<Example>()
        from checkedAnswer in module.Call(q)
        select checkedAnswer.GetText("answer");

    [Fact]
    public void The_modules_predictors_are_declared_and_reach_a_LINQ_program_that_captures_it()
    {
        var program = Composed(new SelfCheck("qa"));

        Assert.Equal(["qa.draft", "qa.check"], program.Predictors.Select(p => p.Name.Value));
        Assert.All(program.Predictors, p => Assert.Equal(PredictorKind.Predict, p.Kind));
    }

    [Fact]
    public async Task The_module_runs_both_predictors_in_one_traced_run_and_corrects_a_failed_check()
    {
        var lm = Lm();

        var outcome = await Composed(new SelfCheck("qa")).TryRunAsync(Example.Create("question", "Capital of Peru?"), new LMSettings { Client = lm }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal("unknown", outcome.Output);
        Assert.Equal(["qa.draft", "qa.check"], outcome.Trace.Select(t => t.Name));
        Assert.Equal(2, lm.CallCount);
    }

    [Fact]
    public async Task The_optimizer_compiles_the_module_and_the_demos_save_and_reload_into_a_fresh_program()
    {
        var settings = new LMSettings { Client = Lm() };
        var metric = Metrics.Create("exact", (e, p) => e.GetText("answer") == p.GetText("answer") ? 1.0 : 0.0);
        var program = Composed(new SelfCheck("qa"));

        var result = await new PassingTraceDemos(metric, k: 2, settings).CompileAsync(program, Train, Ct);

        Assert.Equal(2, result.State.Find("qa.draft")!.Demos.Count);
        Assert.Equal(2, result.State.Find("qa.check")!.Demos.Count);
        Assert.Equal(6, result.Report.LMCalls); // three examples, two calls each
        Assert.Contains("2 passing run(s) of 3", result.Report.Notes);
        var path = Path.Combine(_folder, "qa.json");
        await result.Program.SaveAsync(path, Ct);
        var reloaded = await Composed(new SelfCheck("qa")).LoadStateAsync(path, Ct);
        Assert.Equal(result.State, reloaded.State);
        Assert.Empty(program.State.Predictors);
    }

    [Fact]
    public async Task A_module_that_forgets_to_declare_a_predictor_is_stopped_on_its_first_run()
    {
        var lm = Lm();

        var error = await Assert.ThrowsAsync<UndeclaredPredictorException>(() =>
            new ForgetfulModule().RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct));

        Assert.Equal("hidden", error.Predictor);
        Assert.Equal(0, lm.CallCount);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
