namespace Dspy.Fluent;

/// <summary>Seeded shuffles and train/dev/test splits of examples (or of anything else), the same for the same seed on every run.</summary>
/// <remarks>Corresponds to the shuffling and sizing in DSPy's <c>dspy.datasets.Dataset</c> and <c>DataLoader.train_test_split</c>.
/// The order comes from <see cref="Random"/> seeded with the given seed (whose seeded sequence .NET keeps stable) and a
/// Fisher–Yates shuffle, so a split never changes between runs or machines.</remarks>
/// <example>
/// <code>
/// var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = 300 });
/// DatasetSplits&lt;Example&gt; splits = Dataset.Split(world.ToExamples(), new DatasetSplitOptions { Seed = 1, TrainSize = 200, DevSize = 50 });
/// // splits.Train: 200 examples, splits.Dev: 50, splits.Test: 0 (TestSize defaults to 0)
/// </code>
/// </example>
public static class Dataset
{
    /// <summary>The items in a seeded random order.</summary>
    /// <typeparam name="T">The item type, usually <see cref="Example"/>.</typeparam>
    /// <param name="items">The items; not changed.</param>
    /// <param name="seed">The seed; the same seed and items give the same order.</param>
    /// <returns>A new list.</returns>
    public static IReadOnlyList<T> Shuffle<T>(IEnumerable<T> items, int seed)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var random = new Random(seed);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>Splits the items into train, dev and test sets, after a seeded shuffle (unless <see cref="DatasetSplitOptions.Shuffle"/> is off).</summary>
    /// <typeparam name="T">The item type, usually <see cref="Example"/>.</typeparam>
    /// <param name="items">The items; not changed.</param>
    /// <param name="options">Seed and sizes; defaults (80% train, the rest dev, no test) if null.</param>
    /// <returns>The three sets: train first, then dev, then test, disjoint.</returns>
    /// <exception cref="ArgumentException">A size is negative or not whole, more than one size is left open, or the sizes add up to more
    /// items than there are; the message gives the numbers.</exception>
    public static DatasetSplits<T> Split<T>(IEnumerable<T> items, DatasetSplitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        options ??= new DatasetSplitOptions();
        var list = options.Shuffle ? Shuffle(items, options.Seed) : items.ToList();
        var n = list.Count;
        var sizes = new[] { Resolve(options.TrainSize, n, nameof(options.TrainSize)), Resolve(options.DevSize, n, nameof(options.DevSize)),
            Resolve(options.TestSize, n, nameof(options.TestSize)) };
        var open = sizes.Count(s => s is null);
        if (open > 1)
            throw new ArgumentException("At most one of TrainSize, DevSize and TestSize may be null (it takes the rest).", nameof(options));
        var fixedTotal = sizes.Sum(s => s ?? 0);
        if (fixedTotal > n)
            throw new ArgumentException($"The split sizes add up to {fixedTotal} (train {sizes[0]?.ToString() ?? "rest"}, dev {sizes[1]?.ToString() ?? "rest"}, " +
                $"test {sizes[2]?.ToString() ?? "rest"}) but there are only {n} items.", nameof(options));
        var counts = sizes.Select(s => s ?? n - fixedTotal).ToArray();
        return new DatasetSplits<T>(list.Take(counts[0]).ToList(), list.Skip(counts[0]).Take(counts[1]).ToList(),
            list.Skip(counts[0] + counts[1]).Take(counts[2]).ToList());
    }

    private static int? Resolve(double? size, int n, string name)
    {
        if (size is not { } s) return null;
        if (double.IsNaN(s) || s < 0) throw new ArgumentException($"{name} must not be negative (was {s}).", name);
        if (s < 1) return (int)Math.Floor(n * s);
        if (s != Math.Floor(s)) throw new ArgumentException($"{name} must be a fraction below 1 or a whole count (was {s}).", name);
        return (int)Math.Min(s, int.MaxValue);
    }
}
