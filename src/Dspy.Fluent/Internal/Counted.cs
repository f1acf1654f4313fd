using System.Globalization;

namespace Dspy.Fluent.Internal;

/// <summary>A count with its noun in the right number ("1 passing trace", "3 passing traces") for messages people read;
/// "trace(s)" reads as if the program did not know how many it had.</summary>
internal static class Counted
{
    /// <summary><paramref name="n"/> and <paramref name="one"/>, or <paramref name="many"/> (default: <paramref name="one"/> + "s") unless n is 1.</summary>
    public static string Of(int n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");
}
