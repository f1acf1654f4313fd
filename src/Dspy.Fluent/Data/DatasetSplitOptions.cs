namespace Dspy.Fluent;

/// <summary>How <see cref="Dataset.Split{T}"/> divides items: the seed and the size of each set.</summary>
/// <remarks>A size below 1 is a fraction of all items (rounded down); a whole number of at least 1 is a count. A null size takes
/// whatever the other two leave; at most one may be null.</remarks>
public sealed record DatasetSplitOptions
{
    /// <summary>The shuffle seed. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Whether to shuffle before splitting. Default true; false keeps the given order (e.g. a file already shuffled).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The train set's size. Default 0.8 (80%).</summary>
    public double? TrainSize { get; init; } = 0.8;

    /// <summary>The dev set's size. Default null: the rest.</summary>
    public double? DevSize { get; init; }

    /// <summary>The test set's size. Default 0.</summary>
    public double? TestSize { get; init; } = 0;
}
