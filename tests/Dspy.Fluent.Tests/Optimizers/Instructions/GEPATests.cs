namespace Dspy.Fluent.Tests;

/// <summary>GEPA: improvement on the simulated world from textual feedback, lineage, determinism, budget and its rules.</summary>
public sealed class GEPATests(PlainRagFixture rag) : IClassFixture<PlainRagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Exact match with feedback that says what went wrong, as GEPA metrics do.</summary>
    internal static readonly IMetric ExactMatchWithFeedback = Metrics.FromResult("exact match with feedback", c =>
    {
        var gold = c.Example.GetText("answer");
        var predicted = c.Prediction.GetText("answer");
        if (AnswerMatch.ExactMatch(predicted, [gold])) return new MetricResult(1, "Correct.");
        return AnswerMatch.Normalize(predicted).Contains(AnswerMatch.Normalize(gold), StringComparison.Ordinal)
            ? new MetricResult(0, $"The answer names '{gold}' but is too long: it is not an exact match. Give only the answer span, no extra words.")
            : new MetricResult(0, $"Wrong entity: the expected answer is '{gold}'. The answer did not link the question to the right entity.");
    });

    private CompileOptions<Example, Prediction> Split => new() { Valset = rag.Train.Skip(20).ToList() };

    [Fact]
    public async Task GEPA_improves_the_uncompiled_program_on_the_held_out_split_and_reports_the_lineage()
    {
        var result = await new GEPA(ExactMatchWithFeedback, new GEPAOptions { MaxMetricCalls = 300, Seed = 2, Settings = PlainRagFixture.Settings() })
            .CompileAsync(rag.Program, rag.Train.Take(20).ToList(), Split, Ct);

        var before = await rag.DevScore(rag.Program);
        var after = await rag.DevScore(result.Program);
        PlainRagFixture.Print("GEPA 300 metric calls", before, after, result.Report);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", result.Report.Lineage));
        Assert.True(after > before + 0.08, $"{before:P1} -> {after:P1}");
        Assert.StartsWith("candidate 0: the uncompiled program", result.Report.Lineage[0]);
        Assert.True(result.Report.Lineage.Count >= 2);
        Assert.Contains(result.State.Find("generate_answer")!.Instructions!, result.Report.Lineage[^1]);
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_state_and_another_seed_changes_it()
    {
        GEPA Optimizer(int seed) => new(ExactMatchWithFeedback, new GEPAOptions { MaxMetricCalls = 120, Seed = seed, Settings = PlainRagFixture.Settings() });
        var train = rag.Train.Take(12).ToList();
        var options = new CompileOptions<Example, Prediction> { Valset = rag.Train.Skip(20).Take(10).ToList() };

        var first = (await Optimizer(1).CompileAsync(rag.Program, train, options, Ct)).State.ToJson();
        var again = (await Optimizer(1).CompileAsync(rag.Program, train, options, Ct)).State.ToJson();
        var other = (await Optimizer(5).CompileAsync(rag.Program, train, options, Ct)).State.ToJson();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task The_reflection_LM_reads_inputs_outputs_and_feedback_and_the_budget_is_never_passed()
    {
        var lm = ToyInstructionLM.Create();
        var calls = 0;
        var counting = Metrics.FromResult("counted", c =>
        {
            Interlocked.Increment(ref calls);
            return c.Prediction.GetText("answer") == c.Example.GetText("answer") ? new MetricResult(1) : new MetricResult(0, "WRONG: expected " + c.Example.GetText("answer"));
        });

        var result = await new GEPA(counting, new GEPAOptions { MaxMetricCalls = 40, Settings = new LMSettings { Client = lm } })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(10), Ct);

        var reflection = lm.Requests.First(ToyInstructionLM.IsProposal).Messages[^1].Text;
        Assert.Contains("## Feedback\nWRONG: expected a", reflection);
        Assert.Contains("## Generated Outputs\n### answer\nwrong", reflection);
        Assert.Contains("[[ ## current_instruction ## ]]\nGiven the fields `question`, produce the fields `answer`.", reflection);
        Assert.True(calls <= 40, $"{calls} metric calls");
        Assert.Equal(1.0, result.Report.Score);
        Assert.Contains("BRIEF", result.State.Find("qa")!.Instructions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[\"Answer. BRIEF.\"]")]
    public async Task A_reflection_reply_that_is_not_an_instruction_is_a_rejected_step_and_the_compile_ends(string reply)
    {
        var lm = ToyInstructionLM.Create(_ => reply);

        var result = await new GEPA(Metrics.ExactMatch, new GEPAOptions { MaxMetricCalls = 30, Settings = new LMSettings { Client = lm } })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(6), Ct);

        Assert.Contains(result.Report.Trials, t => t.Phase == "proposal" && t.Detail!.Contains("proposer", StringComparison.Ordinal));
        Assert.Null(result.State.Find("qa")?.Instructions);
        Assert.Single(result.Report.Lineage);
    }

    [Fact]
    public void No_budget_two_budgets_or_a_budget_of_zero_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new GEPA(Metrics.ExactMatch, new GEPAOptions()));
        Assert.Throws<ArgumentException>(() => new GEPA(Metrics.ExactMatch, new GEPAOptions { MaxMetricCalls = 10, Auto = GEPAPreset.Light }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GEPA(Metrics.ExactMatch, new GEPAOptions { MaxMetricCalls = 0 }));
    }

    [Fact]
    public async Task A_budget_smaller_than_one_valset_evaluation_is_refused_with_the_numbers()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new GEPA(Metrics.ExactMatch, new GEPAOptions { MaxMetricCalls = 5, Settings = new LMSettings { Client = ToyInstructionLM.Create() } })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(8), Ct));

        Assert.Contains("5 metric calls", error.Message);
        Assert.Contains("8 examples", error.Message);
    }

    [Fact]
    public async Task A_metric_that_always_throws_stops_the_compile_with_a_clear_error()
    {
        var broken = Metrics.FromResult("broken", _ => throw new FormatException("bad label"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new GEPA(broken, new GEPAOptions { MaxMetricCalls = 50, Settings = new LMSettings { Client = ToyInstructionLM.Create() } })
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(4), Ct));

        Assert.Contains("bad label", error.Message);
    }

    [Fact]
    public void The_auto_budget_matches_DSPys_formula()
    {
        // 1 predictor, light (n = 6): trials = max(2*2*log2 6, 9) = 10; 100 + 30 + 10*35 + ((11/5)+1)*100 = 780.
        Assert.Equal(780, GEPA.AutoBudget(1, 6, 100));
    }
}
