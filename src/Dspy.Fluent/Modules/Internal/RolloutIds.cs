using System.Globalization;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Rollout ids for repeated samples of one request. DSPy counts on from the LM's rollout id (0 when unset); ours are
/// strings, so a numeric id is counted on and any other gets a suffix. Deterministic, so a cache can replay them.
/// </summary>
internal static class RolloutIds
{
    public static string Nth(string? start, int index)
    {
        if (start is null) return index.ToString(CultureInfo.InvariantCulture);
        if (long.TryParse(start, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            return (n + index).ToString(CultureInfo.InvariantCulture);
        return $"{start}-{index.ToString(CultureInfo.InvariantCulture)}";
    }
}
