namespace Dspy.Fluent.Tests;

/// <summary>InferRules: rules induced from the trainset raise the held-out score; determinism, save/reload and its checks.</summary>
public sealed class InferRulesTests(PlainRagFixture rag) : IClassFixture<PlainRagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly BootstrapFewShotOptions NoDemos = new() { MaxBootstrappedDemos = 0, MaxLabeledDemos = 0 };

    private CompileOptions<Example, Prediction> Split => new() { Valset = rag.Train.Skip(20).ToList() };

    private static InferRules Infer(int seed, BootstrapFewShotOptions? bootstrap = null) => new(Metrics.ExactMatch,
        new InferRulesOptions { NumCandidates = 4, NumRules = 5, Seed = seed, Settings = PlainRagFixture.Settings(), Bootstrap = bootstrap ?? new() });

    [Fact]
    public async Task Rules_alone_raise_the_held_out_score_and_are_appended_under_DSPys_heading()
    {
        var result = await Infer(1, NoDemos).CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Split, Ct);

        var before = await rag.DevScore(rag.Program);
        var after = await rag.DevScore(result.Program);
        PlainRagFixture.Print("InferRules 4 rule sets, no demos", before, after, result.Report);
        Assert.True(after > before + 0.08, $"{before:P1} -> {after:P1}");
        var instructions = result.State.Find("generate_answer")!.Instructions!;
        Assert.StartsWith(rag.Program.Predictors[0].Signature.Instructions + "\n\nPlease adhere to the following rules when making your prediction:\n1. ", instructions);
        Assert.Empty(result.State.Find("generate_answer")!.Demos);
        Assert.Equal(4, result.Report.Trials.Count);
        // One rule request per candidate; a reply that breaks the format costs an adapter retry.
        Assert.InRange(result.Report.ProposerLMCalls, 4, 8);
    }

    [Fact]
    public async Task With_bootstrapped_demos_the_rules_are_added_to_the_demos()
    {
        var result = await Infer(1).CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Split, Ct);

        var before = await rag.DevScore(rag.Program);
        var after = await rag.DevScore(result.Program);
        PlainRagFixture.Print("InferRules 4 rule sets, BootstrapFewShot demos", before, after, result.Report);
        Assert.True(after > before + 0.15, $"{before:P1} -> {after:P1}");
        Assert.NotEmpty(result.State.Find("generate_answer")!.Demos);
        Assert.Contains("Please adhere to the following rules", result.State.Find("generate_answer")!.Instructions);
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_state_and_another_seed_changes_it()
    {
        var train = rag.Train.Take(20).ToList();
        var first = (await Infer(2, NoDemos).CompileAsync(rag.Program, train, Split, Ct)).State.ToJson();
        var again = (await Infer(2, NoDemos).CompileAsync(rag.Program, train, Split, Ct)).State.ToJson();
        var other = (await Infer(9, NoDemos).CompileAsync(rag.Program, train, Split, Ct)).State.ToJson();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task A_compiled_program_saved_and_reloaded_has_the_same_state_and_the_same_outputs()
    {
        var compiled = (await Infer(1).CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Split, Ct)).Program;
        var path = Path.Combine(Path.GetTempPath(), $"dspy-infer-rules-{Guid.NewGuid():N}.json");
        try
        {
            await compiled.SaveAsync(path, Ct);
            var reloaded = await rag.Program.LoadStateAsync(path, Ct);

            Assert.Equal(compiled.State.ToJson(), reloaded.State.ToJson());
            foreach (var example in rag.Dev.Take(10))
                Assert.Equal((await compiled.RunAsync(example.Inputs(), PlainRagFixture.Settings(), Ct)).GetText("answer"),
                    (await reloaded.RunAsync(example.Inputs(), PlainRagFixture.Settings(), Ct)).GetText("answer"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Without_a_valset_half_the_trainset_validates_and_the_report_says_so()
    {
        var result = await Infer(1, NoDemos).CompileAsync(rag.Program, rag.Train.Take(10).ToList(), Ct);

        Assert.Contains(result.Report.Notes, n => n.Contains("the first 5 training examples induce rules, the other 5 validate", StringComparison.Ordinal));
        Assert.EndsWith("on 5 examples", result.Report.Chosen);
    }

    [Fact]
    public void Bad_options_are_refused_in_the_constructor_with_the_option_named()
    {
        Assert.Contains("NumCandidates", Assert.Throws<ArgumentOutOfRangeException>(() => new InferRules(Metrics.ExactMatch, new InferRulesOptions { NumCandidates = 0 })).Message);
        Assert.Contains("NumRules", Assert.Throws<ArgumentOutOfRangeException>(() => new InferRules(Metrics.ExactMatch, new InferRulesOptions { NumRules = 0 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InferRules(Metrics.ExactMatch, new InferRulesOptions { Bootstrap = new() { MaxBootstrappedDemos = -1 } }));
    }

    [Fact]
    public async Task A_rule_model_that_always_fails_is_retried_with_fewer_examples_then_stops_loudly()
    {
        var lm = ToyInstructionLM.Create();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new InferRules(Metrics.ExactMatch,
                new InferRulesOptions { NumCandidates = 1, Settings = new LMSettings { Client = lm }, Bootstrap = NoDemos })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(6), Ct));

        Assert.Contains("could not induce rules for qa", error.Message);
        Assert.Contains("single example", error.Message);
    }
}
