namespace Dspy.Fluent;

/// <summary>
/// Shuffles and samples with <see cref="Random"/> seeded explicitly: a seeded <c>System.Random</c> produces the same
/// sequence on every .NET version and platform, which byte-identical compiles depend on.
/// </summary>
internal static class SeededSampling
{
    public static List<T> Shuffle<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>Up to <paramref name="count"/> distinct items in random order.</summary>
    public static List<T> Sample<T>(IReadOnlyList<T> items, int count, Random random) =>
        Shuffle(items, random).Take(Math.Max(0, count)).ToList();
}
