using System.Text;

namespace Dspy.Fluent.Internal;

/// <summary>
/// One reusable <see cref="StringBuilder"/> per thread for the adapter's per-call text (user message, parsed field
/// values): formatting and parsing run on every LM call, and a fresh builder that grows by doubling allocates several
/// times the size of the text it returns. The same idea as the BCL's internal StringBuilderCache.
/// </summary>
internal static class StringBuilderCache
{
    // Larger builders are not kept, so one huge prompt does not pin its buffer for the thread's lifetime.
    private const int MaxKeptCapacity = 16 * 1024;

    [ThreadStatic] private static StringBuilder? _cached;

    public static StringBuilder Acquire()
    {
        var sb = _cached;
        if (sb is null) return new StringBuilder(512);
        _cached = null; // a nested Acquire on this thread gets a builder of its own
        sb.Clear();
        return sb;
    }

    public static void Release(StringBuilder sb)
    {
        if (sb.Capacity <= MaxKeptCapacity) _cached = sb;
    }

    /// <summary>The builder's text without leading and trailing whitespace (Python's <c>str.strip()</c>), then releases it.</summary>
    public static string StripAndRelease(StringBuilder sb)
    {
        var start = 0;
        var end = sb.Length;
        while (start < end && PyText.IsSpace(sb[start])) start++;
        while (end > start && PyText.IsSpace(sb[end - 1])) end--;
        var text = end == start ? "" : sb.ToString(start, end - start);
        Release(sb);
        return text;
    }
}
