
namespace Dspy.Fluent.Tests;

/// <summary>Seeded shuffles and splits are the same on every run and never lose or repeat an item.</summary>
public sealed class DatasetTests
{
    private static readonly IReadOnlyList<Example> Examples =
        Enumerable.Range(0, 100).Select(i => Example.Create("question", $"q{i}").With("answer", $"a{i}").WithInputs("question")).ToList();

    [Fact]
    public void The_same_seed_gives_the_same_shuffle_and_another_seed_another()
    {
        var first = Dataset.Shuffle(Examples, seed: 3);

        Assert.Equal(first.Select(e => e.GetText("question")), Dataset.Shuffle(Examples, seed: 3).Select(e => e.GetText("question")));
        Assert.NotEqual(first.Select(e => e.GetText("question")), Dataset.Shuffle(Examples, seed: 4).Select(e => e.GetText("question")));
        Assert.Equal(Examples.Select(e => e.GetText("question")).Order(), first.Select(e => e.GetText("question")).Order());
        Assert.Equal("q0", Examples[0].GetText("question"));
    }

    [Fact]
    public void A_seeded_shuffle_is_pinned_so_splits_never_change_between_runs()
    {
        var shuffled = Dataset.Shuffle(Enumerable.Range(0, 10), seed: 0);

        // Recorded from the first run: a change here would silently change every saved train/dev split.
        Assert.Equal([0, 4, 5, 8, 2, 1, 3, 6, 9, 7], shuffled);
    }

    [Fact]
    public void Counts_and_fractions_size_disjoint_train_dev_and_test_sets()
    {
        var splits = Dataset.Split(Examples, new DatasetSplitOptions { Seed = 1, TrainSize = 20, DevSize = 0.5, TestSize = null });

        Assert.Equal((20, 50, 30), (splits.Train.Count, splits.Dev.Count, splits.Test.Count));
        var all = splits.Train.Concat(splits.Dev).Concat(splits.Test).Select(e => e.GetText("question")).ToList();
        Assert.Equal(100, all.Distinct().Count());
        Assert.Equal(splits.Train.Select(e => e["question"]), Dataset.Split(Examples, new DatasetSplitOptions { Seed = 1, TrainSize = 20, DevSize = 0.5, TestSize = null })
            .Train.Select(e => e["question"]));
    }

    [Fact]
    public void The_default_split_is_eighty_percent_train_and_the_rest_dev()
    {
        var splits = Dataset.Split(Examples);

        Assert.Equal((80, 20, 0), (splits.Train.Count, splits.Dev.Count, splits.Test.Count));
    }

    [Fact]
    public void Without_shuffling_the_split_keeps_the_given_order()
    {
        var splits = Dataset.Split(Examples, new DatasetSplitOptions { Shuffle = false, TrainSize = 2, DevSize = 1, TestSize = 0 });

        Assert.Equal(["q0", "q1"], splits.Train.Select(e => e.GetText("question")));
        Assert.Equal("q2", Assert.Single(splits.Dev).GetText("question"));
    }

    [Fact]
    public void Sizes_adding_up_to_more_than_the_items_are_rejected_with_the_numbers()
    {
        var error = Assert.Throws<ArgumentException>(() => Dataset.Split(Examples, new DatasetSplitOptions { TrainSize = 80, DevSize = 30 }));

        Assert.StartsWith("The split sizes add up to 110 (train 80, dev 30, test 0) but there are only 100 items.", error.Message);
        Assert.Throws<ArgumentException>(() => Dataset.Split(Examples, new DatasetSplitOptions { TrainSize = null, DevSize = null }));
        Assert.Throws<ArgumentException>(() => Dataset.Split(Examples, new DatasetSplitOptions { TrainSize = 2.5 }));
    }
}
