using System.Globalization;

namespace Dspy.Fluent;

/// <summary>Short, human durations for messages and history (<c>850 ms</c>, <c>7 s</c>, <c>2 min 5 s</c>).</summary>
internal static class LMDurations
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1)) return $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
        if (span < TimeSpan.FromMinutes(1))
            return $"{span.TotalSeconds.ToString(span.Milliseconds == 0 ? "0" : "0.###", CultureInfo.InvariantCulture)} s";
        var seconds = span.Seconds == 0 ? "" : $" {span.Seconds} s";
        return $"{(int)span.TotalMinutes} min{seconds}";
    }
}
