namespace Dspy.Fluent.Tests;

/// <summary>The Tree-structured Parzen Estimator behind MIPROv2's search.</summary>
public sealed class TpeSamplerTests
{
    private static readonly int[] Dimensions = [6, 6, 6, 6];

    /// <summary>A separable objective with one known optimum: each dimension has a table of values drawn once (seed 1234).</summary>
    private static readonly double[][] Table = MakeTable();

    private static readonly int[] Optimum = Table.Select(row => Array.IndexOf(row, row.Max())).ToArray();

    private static double[][] MakeTable()
    {
        var random = new Random(1234);
        return Dimensions.Select(k => Enumerable.Range(0, k).Select(_ => random.NextDouble()).ToArray()).ToArray();
    }

    private static double Objective(int[] point) => point.Select((c, d) => Table[d][c]).Sum();

    private static int TrialsToOptimum(Func<int[]> suggest, Action<int[], double> observe, int cap)
    {
        for (var trial = 1; trial <= cap; trial++)
        {
            var point = suggest();
            observe(point, Objective(point));
            if (point.SequenceEqual(Optimum)) return trial;
        }
        return cap;
    }

    [Fact]
    public void TPE_reaches_the_known_optimum_in_fewer_trials_than_seeded_random_search_on_average_over_20_seeds()
    {
        const int cap = 2000;
        var tpe = new List<int>();
        var random = new List<int>();
        for (var seed = 0; seed < 20; seed++)
        {
            var sampler = new TpeSampler(Dimensions, new TpeOptions(), seed);
            tpe.Add(TrialsToOptimum(sampler.Suggest, sampler.Observe, cap));
            var rng = new Random(seed);
            random.Add(TrialsToOptimum(() => Dimensions.Select(k => rng.Next(k)).ToArray(), (_, _) => { }, cap));
        }

        var message = $"trials to the optimum of a 6x6x6x6 categorical objective, 20 seeds: TPE mean {tpe.Average():0.0} " +
                      $"(median {Median(tpe)}, max {tpe.Max()}), random search mean {random.Average():0.0} (median {Median(random)}, max {random.Max()})";
        TestContext.Current.SendDiagnosticMessage(message);
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        Assert.True(tpe.Average() < random.Average() / 3, message);
        Assert.True(tpe.Max() < cap, message);
    }

    [Fact]
    public void The_same_seed_and_observations_give_the_same_suggestions()
    {
        var first = Run(7);
        var again = Run(7);
        var other = Run(8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);

        static List<string> Run(int seed)
        {
            var sampler = new TpeSampler(Dimensions, new TpeOptions { StartupTrials = 3 }, seed);
            var points = new List<string>();
            for (var i = 0; i < 15; i++)
            {
                var p = sampler.Suggest();
                sampler.Observe(p, Objective(p));
                points.Add(string.Join(",", p));
            }
            return points;
        }
    }

    [Fact]
    public void After_start_up_it_favours_categories_seen_in_the_good_quantile()
    {
        var sampler = new TpeSampler([4], new TpeOptions { StartupTrials = 4, Gamma = 0.25, AvoidRepeats = false }, 3);
        foreach (var (category, value) in new[] { (2, 0.9), (0, 0.1), (1, 0.2), (3, 0.15), (0, 0.12), (1, 0.1), (3, 0.05), (0, 0.0) })
            sampler.Observe([category], value);

        var suggestions = Enumerable.Range(0, 20).Select(_ => sampler.Suggest()[0]).ToList();

        Assert.All(suggestions, c => Assert.Equal(2, c));
    }

    [Fact]
    public void With_deterministic_scores_it_never_suggests_a_point_twice_while_unseen_ones_remain()
    {
        var sampler = new TpeSampler([3, 3], new TpeOptions { StartupTrials = 2 }, 5);

        var points = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var p = sampler.Suggest();
            sampler.Observe(p, p[0] + p[1]);
            points.Add($"{p[0]},{p[1]}");
        }

        Assert.Equal(9, points.Distinct().Count());
    }

    [Fact]
    public void Before_enough_observations_suggestions_are_uniform_and_cover_every_category()
    {
        var sampler = new TpeSampler([5], new TpeOptions { StartupTrials = 1000 }, 1);

        var seen = Enumerable.Range(0, 200).Select(_ => sampler.Suggest()[0]).ToHashSet();

        Assert.Equal([0, 1, 2, 3, 4], seen.Order());
    }

    [Fact]
    public void Points_outside_the_space_are_refused()
    {
        var sampler = new TpeSampler([3, 2], new TpeOptions(), 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Observe([3, 0], 1));
        Assert.Throws<ArgumentException>(() => sampler.Observe([0], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler([3], new TpeOptions { Gamma = 1 }, 0));
    }

    private static int Median(List<int> values) => values.Order().ElementAt(values.Count / 2);
}
