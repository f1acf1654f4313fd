namespace Dspy.Fluent.Tests;

/// <summary>
/// Each few-shot optimizer improves a retrieve-then-answer program on a held-out dev split of a seeded synthetic world,
/// on the simulated LM (a stand-in, not a model: these show the optimizers work, not how much a real model gains).
/// </summary>
public sealed class FewShotOptimizerTests(RagFixture rag) : IClassFixture<RagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task AssertImproves(string name, Program<Example, Prediction> compiled, double margin)
    {
        var before = await rag.DevScore(rag.Program);
        var after = await rag.DevScore(compiled);
        TestContext.Current.SendDiagnosticMessage($"{name}: dev exact match {before:P1} -> {after:P1}");
        Assert.True(after > before + margin, $"{name}: {before:P1} -> {after:P1}");
    }

    [Fact]
    public async Task LabeledFewShot_improves_the_dev_score()
    {
        var result = await new LabeledFewShot(new LabeledFewShotOptions { K = 4, Settings = RagFixture.Settings() }).CompileAsync(rag.Program, rag.Train, Ct);

        await AssertImproves("LabeledFewShot", result.Program, 0.05);
        Assert.Equal(0, result.Report.LMCalls);
    }

    [Fact]
    public async Task BootstrapFewShot_improves_the_dev_score()
    {
        var result = await new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 4, Settings = RagFixture.Settings() })
            .CompileAsync(rag.Program, rag.Train, Ct);

        await AssertImproves("BootstrapFewShot", result.Program, 0.05);
        Assert.Contains(result.State.Find("generate_answer")!.Demos, d => d.ContainsKey("augmented") && d.ContainsKey("reasoning"));
    }

    [Fact]
    public async Task BootstrapFewShotWithRandomSearch_keeps_the_best_candidate_and_improves_the_dev_score()
    {
        var result = await new BootstrapFewShotWithRandomSearch(Metrics.ExactMatch, new BootstrapFewShotWithRandomSearchOptions
        {
            NumCandidatePrograms = 3, MaxBootstrappedDemos = 4, MaxLabeledDemos = 4, Settings = RagFixture.Settings(),
        }).CompileAsync(rag.Program, rag.Train, Ct);

        await AssertImproves("BootstrapFewShotWithRandomSearch", result.Program, 0.05);
        Assert.Equal(6, result.Report.Trials.Count);
        Assert.Equal(result.Report.Trials.Max(t => t.Score), result.Report.Score);
        Assert.Equal("zero-shot (seed -3)", result.Report.Trials[0].Label);
    }

    [Fact]
    public async Task KNNFewShot_improves_the_dev_score()
    {
        var result = await new KNNFewShot(Metrics.ExactMatch, new HashingEmbeddingGenerator(), new KNNFewShotOptions { K = 3, Settings = RagFixture.Settings() }).CompileAsync(rag.Program, rag.Train, Ct);

        await AssertImproves("KNNFewShot", result.Program, 0.05);
    }

    [Fact]
    public async Task An_ensemble_of_differently_seeded_compiles_improves_the_dev_score()
    {
        var members = new List<Program<Example, Prediction>>();
        foreach (var seed in new[] { 1, 2, 3 })
            members.Add((await new LabeledFewShot(new LabeledFewShotOptions { K = 4, Seed = seed, Settings = RagFixture.Settings() }).CompileAsync(rag.Program, rag.Train, Ct)).Program);

        var ensemble = new Ensemble().Compile(members, Ensemble.MajorityOf("answer"));

        await AssertImproves("Ensemble of 3 LabeledFewShot", ensemble, 0.05);
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_state_and_another_seed_changes_it()
    {
        BootstrapFewShot Optimizer(int seed) => new(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 2, MaxLabeledDemos = 6, Seed = seed, Settings = RagFixture.Settings() });

        var first = (await Optimizer(5).CompileAsync(rag.Program, rag.Train, Ct)).State.ToJson();
        var again = (await Optimizer(5).CompileAsync(rag.Program, rag.Train, Ct)).State.ToJson();
        var other = (await Optimizer(6).CompileAsync(rag.Program, rag.Train, Ct)).State.ToJson();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }
}
