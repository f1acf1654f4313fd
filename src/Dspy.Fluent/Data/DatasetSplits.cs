namespace Dspy.Fluent;

/// <summary>Three disjoint sets made by <see cref="Dataset.Split{T}"/>.</summary>
/// <typeparam name="T">The item type, usually <see cref="Example"/>.</typeparam>
/// <param name="Train">The training set (the first items after the shuffle).</param>
/// <param name="Dev">The development (validation) set, following the training set.</param>
/// <param name="Test">The test set, following the dev set.</param>
public sealed record DatasetSplits<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Dev, IReadOnlyList<T> Test);
