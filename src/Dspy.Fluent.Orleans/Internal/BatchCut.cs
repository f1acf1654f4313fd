namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// Cuts a run's examples into the batches the silos pull, largest first (guided self-scheduling). Equal batches would
/// leave the end of a run to whichever slots took the last full batches while the others sit idle; here no batch takes
/// more than the remaining work over twice the slots, so the last ones are single examples and the slots finish together,
/// while the bulk of the run still travels in full batches, where the shipped header costs least per example.
/// </summary>
/// <remarks>Pure and dependency-free: the Orleans tests compile this file in (linked) to test it, since they see only the public API.</remarks>
internal static class BatchCut
{
    /// <summary>The batches, in order: together they hold every item once, in its place, and none holds more than <paramref name="batchSize"/>.</summary>
    public static IEnumerable<T[]> Cut<T>(List<T> items, int slots, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (var start = 0; start < items.Count;)
        {
            var remaining = items.Count - start;
            var size = Math.Clamp((remaining + 2 * slots - 1) / (2 * slots), 1, batchSize);
            yield return items.GetRange(start, size).ToArray();
            start += size;
        }
    }
}
