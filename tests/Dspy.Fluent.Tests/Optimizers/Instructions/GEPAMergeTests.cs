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
