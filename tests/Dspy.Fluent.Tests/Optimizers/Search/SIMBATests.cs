using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>SIMBA: improvement on the simulated world, determinism by seed, save/reload, the rule strategy and its checks.</summary>
public sealed class SIMBATests(PlainRagFixture rag) : IClassFixture<PlainRagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SIMBA Simba(int seed, int maxDemos = 4, IMetric? metric = null) => new(metric ?? Metrics.ExactMatch,
        new SIMBAOptions { BatchSize = 10, NumCandidates = 4, MaxSteps = 4, MaxDemos = maxDemos, Seed = seed, Settings = PlainRagFixture.Settings() });

    [Fact]
    public async Task SIMBA_improves_the_uncompiled_program_on_held_out_questions()
    {
        var result = await Simba(1).CompileAsync(rag.Program, rag.Train, Ct);

        var before = await rag.DevScore(rag.Program);
        var after = await rag.DevScore(result.Program);
        PlainRagFixture.Print("SIMBA batch 10, 4 candidates, 4 steps", before, after, result.Report);
        Assert.True(after > before + 0.15, $"{before:P1} -> {after:P1}");
        Assert.NotNull(result.Report.BaselineScore);
        Assert.True(result.Report.Score > result.Report.BaselineScore);
        Assert.Contains(result.Report.Trials, t => t.Phase == "minibatch");
        Assert.Single(result.Report.Trials, t => t.Phase == "trainset" && t.Accepted);
        // 4 steps x (10 examples x 4 rollouts sampled + up to 5 candidates x 10) + the validation on 40.
        Assert.InRange(result.Report.LMCalls, 4 * 40 + 40, 4 * (40 + 50) + 5 * 40 + 40);
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_state_and_another_seed_changes_it()
    {
        var first = (await Simba(3).CompileAsync(rag.Program, rag.Train, Ct)).State.ToJson();
        var again = (await Simba(3).CompileAsync(rag.Program, rag.Train, Ct)).State.ToJson();
        var other = (await Simba(4).CompileAsync(rag.Program, rag.Train, Ct)).State.ToJson();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task A_compiled_program_saved_and_reloaded_has_the_same_state_and_the_same_outputs()
    {
        var compiled = (await Simba(1).CompileAsync(rag.Program, rag.Train, Ct)).Program;
        var path = Path.Combine(Path.GetTempPath(), $"dspy-simba-{Guid.NewGuid():N}.json");
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
    public async Task With_no_demos_allowed_it_appends_rules_the_rule_model_wrote_from_contrasting_runs()
    {
        var lm = new RecordingChatClient(new SimulatedLM());
        var simba = new SIMBA(GEPATests.ExactMatchWithFeedback,
            new SIMBAOptions { BatchSize = 10, NumCandidates = 4, MaxSteps = 3, MaxDemos = 0, Seed = 2, Settings = new LMSettings { Client = lm } });

        var result = await simba.CompileAsync(rag.Program, rag.Train, Ct);

        var state = result.State.Find("generate_answer");
        Assert.NotNull(state);
        Assert.Empty(state.Demos);
        Assert.StartsWith(rag.Program.Predictors[0].Signature.Instructions + "\n\n", state.Instructions);
        var ruleRequest = lm.Requests.First(t => t.Contains("[[ ## better_program_trajectory ## ]]", StringComparison.Ordinal));
        Assert.Contains("\"module_name\": \"generate_answer\"", ruleRequest);
        Assert.Contains("[[ ## module_names ## ]]\n[\"generate_answer\"]", ruleRequest);
        Assert.True(result.Report.ProposerLMCalls > 0);
        Assert.True(result.Report.Score >= result.Report.BaselineScore);
    }

    [Fact]
    public async Task Progress_streams_each_phase_and_the_report_draws_as_a_chart_labelled_stand_in()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<OptimizerProgress>();
        var simba = new SIMBA(Metrics.ExactMatch, new SIMBAOptions
        {
            BatchSize = 10, NumCandidates = 3, MaxSteps = 2, Settings = PlainRagFixture.Settings(), Progress = new SyncProgress(seen.Enqueue),
        });

        var result = await simba.CompileAsync(rag.Program, rag.Train, Ct);

        Assert.Equal(["sampling", "evolving", "validating"], seen.Select(p => p.Phase).Distinct());
        Assert.All(seen, p => Assert.Equal("SIMBA", p.Optimizer));
        Assert.Contains(seen, p => p.Phase == "validating" && p.Score is not null && p.LMCalls > 0);
        var svg = OptimizerChart.ToSvg(result.Report);
        Assert.Contains("SIMBA: score per trial (stand-in LM, not a model)", svg);
        Assert.Contains("minibatch", svg);
        Assert.Contains("trainset", svg);
    }

    private sealed class SyncProgress(Action<OptimizerProgress> report) : IProgress<OptimizerProgress>
    {
        public void Report(OptimizerProgress value) => report(value);
    }

    [Fact]
    public void Bad_options_are_refused_in_the_constructor_with_the_option_named()
    {
        Assert.Contains("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new SIMBA(Metrics.ExactMatch, new SIMBAOptions { BatchSize = 0 })).Message);
        Assert.Contains("NumCandidates", Assert.Throws<ArgumentOutOfRangeException>(() => new SIMBA(Metrics.ExactMatch, new SIMBAOptions { NumCandidates = 0 })).Message);
        Assert.Contains("MaxSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new SIMBA(Metrics.ExactMatch, new SIMBAOptions { MaxSteps = 0 })).Message);
        Assert.Contains("MaxDemos", Assert.Throws<ArgumentOutOfRangeException>(() => new SIMBA(Metrics.ExactMatch, new SIMBAOptions { MaxDemos = -1 })).Message);
        Assert.Contains("TemperatureForSampling", Assert.Throws<ArgumentOutOfRangeException>(() => new SIMBA(Metrics.ExactMatch, new SIMBAOptions { TemperatureForSampling = 0 })).Message);
        Assert.Contains("TemperatureForCandidates", Assert.Throws<ArgumentOutOfRangeException>(() => new SIMBA(Metrics.ExactMatch, new SIMBAOptions { TemperatureForCandidates = double.NaN })).Message);
    }

    [Fact]
    public async Task A_trainset_smaller_than_the_batch_is_refused_with_both_numbers()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new SIMBA(Metrics.ExactMatch, new SIMBAOptions { Settings = PlainRagFixture.Settings() })
            .CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Ct));

        Assert.Contains("BatchSize = 32", error.Message);
        Assert.Contains("has 20", error.Message);
    }

    [Fact]
    public void The_percentile_interpolates_linearly_as_numpy_does()
    {
        // numpy.percentile([0, 1, 1, 0, 0.5], 10) == 0.0 and 90 -> 1.0; [1, 2, 3, 4], 10 -> 1.3.
        Assert.Equal(0.0, SIMBA.Percentile([0, 1, 1, 0, 0.5], 10), 10);
        Assert.Equal(1.0, SIMBA.Percentile([0, 1, 1, 0, 0.5], 90), 10);
        Assert.Equal(1.3, SIMBA.Percentile([1, 2, 3, 4], 10), 10);
    }

    [Fact]
    public void ToString_names_the_metric_and_the_options_for_the_compile_cache_key()
    {
        var text = Simba(7).ToString();
        Assert.Contains($"SIMBA (metric {Metrics.ExactMatch.Name})", text);
        Assert.Contains("Seed = 7", text);
        Assert.NotEqual(text, Simba(8).ToString());
    }
}

/// <summary>Passes requests on and keeps the text of each one's last message.</summary>
internal sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        _requests.Enqueue(list[^1].Text);
        return base.GetResponseAsync(list, options, cancellationToken);
    }
}
