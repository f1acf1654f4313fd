namespace Dspy.Fluent.Tests;

/// <summary>MIPROv2: improvement on the simulated world (light and zero-shot), determinism, its presets and search schedule.</summary>
public sealed class MIPROv2Tests(PlainRagFixture rag) : IClassFixture<PlainRagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MIPROv2_light_improves_the_uncompiled_program_on_the_held_out_split()
    {
        var result = await new MIPROv2(Metrics.ExactMatch, new MIPROv2Options { Auto = MIPROv2Preset.Light, Settings = PlainRagFixture.Settings() })
            .CompileAsync(rag.Program, rag.Train, Ct);

        var before = await rag.DevScore(rag.Program);
        var after = await rag.DevScore(result.Program);
        PlainRagFixture.Print("MIPROv2 light", before, after, result.Report);
        Assert.True(after > before + 0.2, $"{before:P1} -> {after:P1}");
        Assert.Equal(1 + 10 + 0, result.Report.Trials.Count(t => t.Phase == "full"));
    }

    [Fact]
    public async Task MIPROv2_zero_shot_improves_the_program_with_instructions_alone()
    {
        var result = await new MIPROv2(Metrics.ExactMatch, new MIPROv2Options
        {
            Auto = MIPROv2Preset.Light, MaxBootstrappedDemos = 0, MaxLabeledDemos = 0, Settings = PlainRagFixture.Settings(),
        }).CompileAsync(rag.Program, rag.Train, Ct);

        var before = await rag.DevScore(rag.Program);
        var after = await rag.DevScore(result.Program);
        PlainRagFixture.Print("MIPROv2 light zero-shot", before, after, result.Report);
        var state = result.State.Find("generate_answer")!;
        Assert.Empty(state.Demos);
        Assert.NotNull(state.Instructions);
        Assert.True(after > before + 0.05, $"{before:P1} -> {after:P1}");
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_state_and_another_seed_changes_it()
    {
        MIPROv2 Optimizer(int seed) => new(Metrics.ExactMatch, new MIPROv2Options
        {
            Auto = null, NumCandidates = 4, NumTrials = 6, MaxBootstrappedDemos = 2, MaxLabeledDemos = 2, Seed = seed, Settings = PlainRagFixture.Settings(),
        });
        var train = rag.Train.Take(20).ToList();

        var first = (await Optimizer(9).CompileAsync(rag.Program, train, Ct)).State.ToJson();
        var again = (await Optimizer(9).CompileAsync(rag.Program, train, Ct)).State.ToJson();
        var other = (await Optimizer(10).CompileAsync(rag.Program, train, Ct)).State.ToJson();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(1, false, 6, 10)]
    [InlineData(1, true, 6, 9)]
    [InlineData(2, false, 6, 20)]
    [InlineData(2, false, 12, 28)]
    [InlineData(1, true, 18, 27)]
    public void The_trial_count_follows_DSPys_formula(int predictors, bool zeroShot, int candidates, int trials) =>
        Assert.Equal(trials, MIPROv2.TrialsFor(predictors, zeroShot, candidates));

    [Fact]
    public async Task Minibatch_trials_get_a_full_evaluation_every_few_trials_and_at_the_end()
    {
        var lm = ToyInstructionLM.Create();
        var valset = ToyInstructionLM.Trainset(60);

        var result = await new MIPROv2(Metrics.ExactMatch, new MIPROv2Options
        {
            Auto = null, NumCandidates = 3, NumTrials = 7, MinibatchSize = 10, MinibatchFullEvalSteps = 3, Settings = new LMSettings { Client = lm },
        }).CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(8), new CompileOptions<Example, Prediction> { Valset = valset }, Ct);

        var phases = result.Report.Trials.Where(t => t.Phase != "proposal").Select(t => t.Phase![0]).ToArray();
        Assert.Equal("fmmmfmmmfmf", new string(phases));
        Assert.Equal(1.0, result.Report.Score);
        Assert.Equal(0.5, result.Report.BaselineScore);
        Assert.Contains("BRIEF", result.State.Find("qa")!.Instructions);
    }

    [Fact]
    public void A_preset_with_explicit_counts_or_a_budget_of_zero_trials_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MIPROv2(Metrics.ExactMatch, new MIPROv2Options { NumTrials = 5 }));
        Assert.Throws<ArgumentException>(() => new MIPROv2(Metrics.ExactMatch, new MIPROv2Options { Auto = null, NumCandidates = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MIPROv2(Metrics.ExactMatch, new MIPROv2Options { Auto = null, NumCandidates = 3, NumTrials = 0 }));
    }

    [Fact]
    public async Task One_training_example_and_no_valset_is_refused_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            new MIPROv2(Metrics.ExactMatch, new MIPROv2Options { Settings = new LMSettings { Client = ToyInstructionLM.Create() } })
                .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(1), Ct));

        Assert.Contains("at least 2 training examples", error.Message);
    }

    [Fact]
    public async Task Proposals_that_are_not_instructions_leave_the_original_as_the_only_candidate()
    {
        var lm = ToyInstructionLM.Create(_ => "{\"instruction\": null}");

        var result = await new MIPROv2(Metrics.ExactMatch, new MIPROv2Options
        {
            Auto = null, NumCandidates = 3, NumTrials = 3, MaxBootstrappedDemos = 0, MaxLabeledDemos = 0, Settings = new LMSettings { Client = lm },
        }).CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(10), Ct);

        Assert.Equal(3, result.Report.Trials.Count(t => t.Phase == "proposal"));
        Assert.Null(result.State.Find("qa")?.Instructions);
        Assert.Equal(result.Report.BaselineScore, result.Report.Score);
    }
}
