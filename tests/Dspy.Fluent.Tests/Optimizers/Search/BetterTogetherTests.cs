namespace Dspy.Fluent.Tests;

/// <summary>BetterTogether: prompt and (simulated) weight optimization alternated by a strategy string.</summary>
public sealed class BetterTogetherTests(PlainRagFixture rag) : IClassFixture<PlainRagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CompileOptions<Example, Prediction> Split => new() { Valset = rag.Train.Skip(20).ToList() };

    private static BetterTogether Together(SimulatedLM lm, string strategy, int seed = 0)
    {
        var settings = new LMSettings { Client = lm };
        return new BetterTogether(Metrics.ExactMatch, new Dictionary<string, IOptimizer>
        {
            ["p"] = new BootstrapFewShotWithRandomSearch(Metrics.ExactMatch, new BootstrapFewShotWithRandomSearchOptions { NumCandidatePrograms = 4, Settings = settings }),
            ["w"] = new BootstrapFinetune(Metrics.ExactMatch, new SimulatedFineTuner(lm), new BootstrapFinetuneOptions { Settings = settings }),
        }, new BetterTogetherOptions { Strategy = strategy, Seed = seed, Settings = settings });
    }

    [Fact]
    public async Task Prompt_then_weights_then_prompt_improves_the_program_and_reports_every_step()
    {
        var lm = new SimulatedLM();
        var settings = new LMSettings { Client = lm };

        var result = await Together(lm, "p -> w -> p").CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Split, Ct);

        var before = await rag.DevScore(rag.Program, settings);
        var after = await rag.DevScore(result.Program, settings);
        PlainRagFixture.Print("BetterTogether p -> w -> p (simulated fine-tune)", before, after, result.Report);
        TestContext.Current.SendDiagnosticMessage(string.Join("; ", result.Report.Lineage));
        Assert.True(after > before + 0.15, $"{before:P1} -> {after:P1}");
        Assert.Equal(["the uncompiled program", "p", "p -> w", "p -> w -> p"], result.Report.Trials.Select(t => t.Label));
        Assert.Single(result.Report.Trials, t => t.Accepted);
        Assert.Contains(result.Report.Notes, n => n.Contains("SIMULATED fine-tune", StringComparison.Ordinal));
        Assert.Equal(result.Report.Trials.Where(t => t.Score is not null).Max(t => t.Score), result.Report.Score);
        var chosen = result.Report.Trials.Single(t => t.Accepted).Label;
        if (chosen.Contains('w')) Assert.StartsWith("ft:simulated-reader-1:simulated:", result.State.Find("generate_answer")!.Model);
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_state_and_another_seed_changes_the_shuffles()
    {
        async Task<string> CompileAsync(int seed) =>
            (await Together(new SimulatedLM(), "p -> w", seed).CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Split, Ct)).State.ToJson();

        var first = await CompileAsync(1);

        Assert.Equal(first, await CompileAsync(1));
        Assert.NotEqual(first, await CompileAsync(2));
    }

    [Fact]
    public async Task A_compiled_program_saved_and_reloaded_has_the_same_state_and_the_same_outputs()
    {
        var lm = new SimulatedLM();
        var settings = new LMSettings { Client = lm };
        var compiled = (await Together(lm, "p -> w").CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Split, Ct)).Program;
        var path = Path.Combine(Path.GetTempPath(), $"dspy-better-together-{Guid.NewGuid():N}.json");
        try
        {
            await compiled.SaveAsync(path, Ct);
            var reloaded = await rag.Program.LoadStateAsync(path, Ct);

            Assert.Equal(compiled.State.ToJson(), reloaded.State.ToJson());
            foreach (var example in rag.Dev.Take(10))
                Assert.Equal((await compiled.RunAsync(example.Inputs(), settings, Ct)).GetText("answer"),
                    (await reloaded.RunAsync(example.Inputs(), settings, Ct)).GetText("answer"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("p -> x", "unknown optimizer key(s): 'x'. Valid keys are: 'p', 'w'.")]
    [InlineData("p->w", "'p->w'")]
    [InlineData("p ->  w", "separated by \" -> \" exactly")]
    public void A_strategy_that_does_not_parse_is_refused_in_the_constructor(string strategy, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Together(new SimulatedLM(), strategy));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_strategy_parses_as_DSPys_does_and_bad_options_are_refused()
    {
        var optimizers = new Dictionary<string, IOptimizer> { ["p"] = new LabeledFewShot(), ["w"] = new LabeledFewShot() };
        Assert.Equal(["p", "w", "p"], BetterTogether.ParseStrategy("p -> w -> p", optimizers));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BetterTogether(Metrics.ExactMatch, optimizers, new BetterTogetherOptions { ValsetRatio = 1 }));
        Assert.Throws<ArgumentException>(() => new BetterTogether(Metrics.ExactMatch, new Dictionary<string, IOptimizer>(), null));
    }

    [Fact]
    public async Task A_failing_step_stops_the_compile_returns_the_best_so_far_and_says_why()
    {
        var lm = new SimulatedLM();
        var never = Metrics.Create("never", (_, _) => 0);
        var together = new BetterTogether(Metrics.ExactMatch, new Dictionary<string, IOptimizer>
        {
            ["p"] = new LabeledFewShot(new LabeledFewShotOptions { K = 4 }),
            ["w"] = new BootstrapFinetune(never, new SimulatedFineTuner(lm), new BootstrapFinetuneOptions { Settings = new LMSettings { Client = lm } }),
        }, new BetterTogetherOptions { Strategy = "p -> w -> p", Settings = new LMSettings { Client = lm } });

        var result = await together.CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Split, Ct);

        Assert.Contains(result.Report.Notes, n => n.StartsWith("Step 2 of 3 ('p -> w', BootstrapFinetune) failed: InvalidOperationException: BootstrapFinetune has no training data", StringComparison.Ordinal));
        Assert.Equal(3, result.Report.Trials.Count);
        Assert.Null(result.State.Find("generate_answer")?.Model);
    }

    [Fact]
    public async Task Without_a_valset_a_tenth_of_the_trainset_scores_the_steps()
    {
        var lm = new SimulatedLM();
        var result = await Together(lm, "p").CompileAsync(rag.Program, rag.Train.Take(30).ToList(), Ct);

        Assert.Contains(result.Report.Notes, n => n.Contains("the first 3 training examples score the steps, the other 27 train", StringComparison.Ordinal));
        Assert.EndsWith("on 3 examples", result.Report.Chosen);
    }
}
