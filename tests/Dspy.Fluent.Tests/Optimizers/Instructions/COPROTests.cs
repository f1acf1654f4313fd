using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>COPRO: improvement on the simulated world, determinism, and its rules on a scripted LM.</summary>
public sealed class COPROTests(PlainRagFixture rag) : IClassFixture<PlainRagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task COPRO_improves_the_uncompiled_program_on_the_held_out_split()
    {
        var result = await new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 4, Depth = 2, Seed = 1, Settings = PlainRagFixture.Settings() })
            .CompileAsync(rag.Program, rag.Train, Ct);

        var before = await rag.DevScore(rag.Program);
        var after = await rag.DevScore(result.Program);
        PlainRagFixture.Print("COPRO breadth 4 depth 2", before, after, result.Report);
        Assert.True(after > before + 0.08, $"{before:P1} -> {after:P1}");
        Assert.NotNull(result.State.Find("generate_answer")!.Instructions);
        Assert.True(result.Report.LM.IsStandIn);
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_state_and_another_seed_changes_it()
    {
        COPRO Optimizer(int seed) => new(Metrics.ExactMatch, new COPROOptions { Breadth = 3, Depth = 2, Seed = seed, Settings = PlainRagFixture.Settings() });
        var train = rag.Train.Take(16).ToList();

        var first = (await Optimizer(3).CompileAsync(rag.Program, train, Ct)).State.ToJson();
        var again = (await Optimizer(3).CompileAsync(rag.Program, train, Ct)).State.ToJson();
        var other = (await Optimizer(4).CompileAsync(rag.Program, train, Ct)).State.ToJson();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Later_depths_propose_from_the_attempts_in_ascending_score_order()
    {
        var lm = ToyInstructionLM.Create(messages => ScriptedChatClient.InputOf(messages, "attempted_instructions") is null ? "Answer. BRIEF." : "Answer well.");

        var result = await new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 2, Depth = 2, Settings = new LMSettings { Client = lm } })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(6), Ct);

        var second = lm.Requests.Where(ToyInstructionLM.IsProposal).Select(r => r.Messages[^1].Text).Last();
        Assert.Contains("[[ ## best_instruction ## ]]\nAnswer. BRIEF.", second);
        Assert.True(second.IndexOf("score #1: 0.5", StringComparison.Ordinal) < second.IndexOf("score #2: 1", StringComparison.Ordinal), second);
        Assert.Equal("Answer. BRIEF.", result.State.Find("qa")!.Instructions);
        Assert.Equal(1.0, result.Report.Score);
        Assert.Equal(0.5, result.Report.BaselineScore);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"proposed_instruction\": \"Answer. BRIEF.\", \"score\": 1}")]
    [InlineData("[[ ## proposed_instruction ## ]]")]
    public async Task A_proposer_reply_that_is_not_an_instruction_is_dropped_and_the_original_stays(string reply)
    {
        var lm = ToyInstructionLM.Create(_ => reply);

        var result = await new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 3, Depth = 1, Settings = new LMSettings { Client = lm } })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(4), Ct);

        Assert.Equal(2, result.Report.Trials.Count(t => t.Phase == "proposal" && !t.Accepted));
        Assert.All(result.Report.Trials.Where(t => t.Phase == "proposal"), t => Assert.Contains("proposer", t.Detail));
        Assert.Null(result.State.Find("qa")?.Instructions);
        Assert.Contains(result.Report.Notes, n => n.Contains("not instructions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_metric_that_always_throws_stops_the_compile_with_a_clear_error()
    {
        var broken = Metrics.Create("broken", (_, _) => throw new InvalidOperationException("no label"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new COPRO(broken, new COPROOptions { Breadth = 2, Depth = 1, Settings = new LMSettings { Client = ToyInstructionLM.Create() } })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(3), Ct));

        Assert.Contains("the metric is broken", error.Message);
        Assert.Contains("no label", error.Message);
    }

    [Fact]
    public void A_budget_of_zero_rounds_or_a_breadth_below_two_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new COPRO(Metrics.ExactMatch, new COPROOptions { Depth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 1 }));
    }

    [Fact]
    public async Task An_empty_trainset_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new COPRO(Metrics.ExactMatch).CompileAsync(ToyInstructionLM.Qa, [], Ct));

        Assert.Contains("trainset is empty", error.Message);
    }

    [Fact]
    public async Task Progress_reports_every_scored_candidate_and_the_report_counts_every_LM_call()
    {
        var lm = ToyInstructionLM.Create();
        var updates = new List<OptimizerProgress>();
        var progress = new SynchronousProgress<OptimizerProgress>(updates.Add);

        var result = await new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 3, Depth = 2, Progress = progress, Settings = new LMSettings { Client = lm } })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(4), Ct);

        var scored = updates.Where(u => u.Score is not null).ToList();
        Assert.Equal(result.Report.Trials.Count(t => t.Phase?.StartsWith("depth", StringComparison.Ordinal) == true), scored.Count);
        Assert.All(scored, u => Assert.NotNull(u.Candidate));
        Assert.Equal(1.0, scored[^1].BestScore);
        Assert.Equal(lm.CallCount, result.Report.LMCalls);
        Assert.Equal(lm.Requests.Count(ToyInstructionLM.IsProposal), result.Report.ProposerLMCalls);
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly object _gate = new();

    public void Report(T value)
    {
        lock (_gate) report(value);
    }
}
