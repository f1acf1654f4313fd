namespace Dspy.Fluent.Tests;

/// <summary>GEPA's merge step: which pairs qualify, how instructions combine, and the evaluation subsample.</summary>
public sealed class GEPAMergeTests
{
    // Pool: 0 the uncompiled program (A0, B0); 1 changed predictor A; 2 changed predictor B; both from 0.
    private static readonly List<string[]> Siblings = [["A0", "B0"], ["A1", "B0"], ["A0", "B2"]];
    private static readonly List<int[]> SiblingParents = [[], [0], [0]];

    [Fact]
    public void Two_siblings_that_changed_different_predictors_merge_into_one_with_both_changes()
    {
        var tried = new HashSet<string>();

        var merge = GEPAMerge.Propose(Siblings, [0.2, 0.5, 0.6], SiblingParents, [1, 2], tried, new Random(0));

        Assert.NotNull(merge);
        Assert.Equal((1, 2, 0), (merge.First, merge.Second, merge.Ancestor));
        Assert.Equal(["A1", "B2"], merge.Instructions);
        // The same pair is never merged twice.
        Assert.Null(GEPAMerge.Propose(Siblings, [0.2, 0.5, 0.6], SiblingParents, [1, 2], tried, new Random(0)));
    }

    [Fact]
    public void An_ancestor_that_scores_higher_than_a_descendant_or_a_single_predictor_program_gives_no_merge()
    {
        Assert.Null(GEPAMerge.Propose(Siblings, [0.7, 0.5, 0.6], SiblingParents, [1, 2], [], new Random(0)));
        // One predictor: both children changed it, so neither kept the ancestor's — nothing to combine.
        Assert.Null(GEPAMerge.Propose([["A0"], ["A1"], ["A2"]], [0.2, 0.5, 0.6], SiblingParents, [1, 2], [], new Random(0)));
        Assert.Null(GEPAMerge.Propose(Siblings, [0.2, 0.5, 0.6], SiblingParents, [2], [], new Random(0)));
    }

    [Fact]
    public void When_both_changed_a_predictor_the_higher_scoring_parent_gives_it()
    {
        // 1 changed A and C, 2 changed B and C: C comes from 2, the better one.
        var merge = GEPAMerge.Propose([["A0", "B0", "C0"], ["A1", "B0", "C1"], ["A0", "B2", "C2"]], [0.1, 0.4, 0.6], SiblingParents, [1, 2], [], new Random(3));

        Assert.Equal(["A1", "B2", "C2"], merge!.Instructions);
    }

    [Fact]
    public void The_subsample_mixes_examples_each_parent_wins_and_ties()
    {
        double[] first = [1, 1, 0, 0, 1, 0, 1, 1];
        double[] second = [0, 0, 1, 1, 1, 0, 1, 0];

        var picked = GEPAMerge.Subsample(first, second, 5, new Random(1));

        Assert.Equal(5, picked.Count);
        Assert.Equal(5, picked.Distinct().Count());
        Assert.Equal(2, picked.Count(e => first[e] > second[e]));
        Assert.Equal(2, picked.Count(e => second[e] > first[e]));
        Assert.Equal(1, picked.Count(e => first[e] == second[e]));
        Assert.Equal(picked, GEPAMerge.Subsample(first, second, 5, new Random(1)));
    }

    [Fact]
    public void Merging_is_on_by_default_as_in_DSPy_and_a_negative_cap_is_refused()
    {
        var options = new GEPAOptions { MaxMetricCalls = 10 };
        Assert.True(options.UseMerge);
        Assert.Equal(5, options.MaxMergeInvocations);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GEPA(Metrics.ExactMatch, new GEPAOptions { MaxMetricCalls = 10, MaxMergeInvocations = -1 }));
    }
}

/// <summary>GEPA with merging on a two-step program where each step's fix helps half the examples and costs the baseline's.</summary>
public sealed class GEPAMergeRunTests
{
    private static readonly Predictor<Example, Prediction> Hint = Predict.Create("hint_step", "question -> hint");
    private static readonly Predictor<Example, Prediction> Answer = Predict.Create("answer_step", "question, hint -> answer");

    private static readonly Program<Example, Prediction> TwoSteps =
        from q in Programs.Input<Example>()
        from h in Hint.Call(Example.Create("question", q["question"]))
        from a in Answer.Call(Example.Create("question", q["question"]).With("hint", h["hint"]))
        select a;

    /// <summary>Even questions need ALPHA in the hint step, odd ones BETA in the answer step; with neither, multiples of 3 pass.
    /// The reflection LM appends the marker of whichever step's instruction it is shown.</summary>
    private static ScriptedChatClient Lm() => ScriptedChatClient.Answering(messages =>
    {
        var system = messages[0].Text;
        if (system.Contains("`new_instruction`", StringComparison.Ordinal))
        {
            var current = ScriptedChatClient.InputOf(messages, "current_instruction")!;
            var marker = current.Contains("`hint`.", StringComparison.Ordinal) || current.Contains("ALPHA", StringComparison.Ordinal) ? " ALPHA." : " BETA.";
            return new Dictionary<string, object?> { ["new_instruction"] = current.Contains(marker.Trim(), StringComparison.Ordinal) ? current : current + marker };
        }
        if (system.Contains("`hint`", StringComparison.Ordinal) && !system.Contains("`answer`", StringComparison.Ordinal))
            return new Dictionary<string, object?> { ["hint"] = system.Contains("ALPHA", StringComparison.Ordinal) ? "alpha" : "none" };
        var q = ScriptedChatClient.InputOf(messages, "question")!;
        var i = int.Parse(q[1..], System.Globalization.CultureInfo.InvariantCulture);
        var alpha = ScriptedChatClient.InputOf(messages, "hint") == "alpha";
        var beta = system.Contains("BETA", StringComparison.Ordinal);
        var right = (alpha && i % 2 == 0) || (beta && i % 2 == 1) || (!alpha && !beta && i % 3 == 0);
        return new Dictionary<string, object?> { ["answer"] = right ? $"a{i}" : "wrong" };
    });

    [Fact]
    public async Task A_merge_combines_the_two_steps_fixes_and_is_deterministic()
    {
        var ct = TestContext.Current.CancellationToken;
        var train = Enumerable.Range(0, 12).Select(i => Example.Create("question", $"q{i}").With("answer", $"a{i}").WithInputs("question")).ToArray();
        var merged = new List<(int Seed, CompileResult<Example, Prediction> Result)>();
        for (var seed = 0; seed < 8; seed++)
        {
            var result = await new GEPA(Metrics.ExactMatch, new GEPAOptions { MaxMetricCalls = 150, Seed = seed, Settings = new LMSettings { Client = Lm() } })
                .CompileAsync(TwoSteps, train, ct);
            if (result.Report.Lineage.Any(l => l.Contains("merge of candidates", StringComparison.Ordinal))) merged.Add((seed, result));
        }

        Assert.NotEmpty(merged);
        var (first, chosen) = merged[0];
        Assert.Equal(1.0, chosen.Report.Score);
        Assert.Contains("ALPHA", chosen.State.Find("hint_step")!.Instructions);
        Assert.Contains("BETA", chosen.State.Find("answer_step")!.Instructions);
        Assert.Contains(chosen.Report.Notes, n => n.StartsWith("Merge: ", StringComparison.Ordinal));
        var again = await new GEPA(Metrics.ExactMatch, new GEPAOptions { MaxMetricCalls = 150, Seed = first, Settings = new LMSettings { Client = Lm() } })
            .CompileAsync(TwoSteps, train, ct);
        Assert.Equal(chosen.State.ToJson(), again.State.ToJson());
        Assert.Equal(chosen.Report.Lineage, again.Report.Lineage);
        // Without merging, the same seed never builds a merged candidate.
        var off = await new GEPA(Metrics.ExactMatch, new GEPAOptions { MaxMetricCalls = 150, Seed = first, UseMerge = false, Settings = new LMSettings { Client = Lm() } })
            .CompileAsync(TwoSteps, train, ct);
        Assert.DoesNotContain(off.Report.Lineage, l => l.Contains("merge", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage($"GEPA merge on the two-step toy: {merged.Count} of 8 seeds merged; seed {first}: {string.Join(" | ", chosen.Report.Lineage)}");
    }
}
