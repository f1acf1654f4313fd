using System.Globalization;
using System.Text;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Unicode canonical decomposition (NFD) from tables generated off Python's unicodedata, because DSPy's metrics run
/// NFD and .NET's <see cref="string.Normalize(NormalizationForm)"/> is a no-op under globalization-invariant mode.
/// </summary>
internal static partial class UnicodeNfd
{
    private const int HangulBase = 0xAC00, HangulCount = 11172, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    private const int VowelCount = 21, TrailCount = 28;

    // No code point below U+00C0 decomposes or combines, so ASCII and Latin-1 punctuation skip the tables.
    private const char FirstInteresting = '\u00C0';

    private static readonly Lazy<Dictionary<int, int[]>> Decompositions = new(() =>
        Entries(DecompositionData).ToDictionary(e => Hex(e.Key), e => e.Value.Split('.').Select(Hex).ToArray()));

    private static readonly Lazy<(int First, int Last, int Class)[]> CombiningClasses = new(() =>
        Entries(CombiningClassData).Select(e => (Hex(e.Key[..e.Key.IndexOf('-')]), Hex(e.Key[(e.Key.IndexOf('-') + 1)..]),
            int.Parse(e.Value, CultureInfo.InvariantCulture))).ToArray());

    /// <summary>The NFD form of <paramref name="text"/>.</summary>
    public static string Normalize(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange(FirstInteresting, char.MaxValue)) return text;
        var runes = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes()) Decompose(rune.Value, runes);
        ReorderMarks(runes);
        var sb = new StringBuilder(runes.Count + 4);
        foreach (var cp in runes) sb.Append(new Rune(cp).ToString());
        return sb.ToString();
    }

    /// <summary>The canonical combining class of <paramref name="codePoint"/> (0 for starters).</summary>
    public static int CombiningClass(int codePoint)
    {
        if (codePoint < 0x300) return 0;
        var ranges = CombiningClasses.Value;
        int lo = 0, hi = ranges.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (codePoint < ranges[mid].First) hi = mid - 1;
            else if (codePoint > ranges[mid].Last) lo = mid + 1;
            else return ranges[mid].Class;
        }
        return 0;
    }

    private static void Decompose(int cp, List<int> into)
    {
        if (cp - HangulBase is >= 0 and < HangulCount and var s)
        {
            into.Add(LeadBase + s / (VowelCount * TrailCount));
            into.Add(VowelBase + s % (VowelCount * TrailCount) / TrailCount);
            if (s % TrailCount != 0) into.Add(TrailBase + s % TrailCount);
            return;
        }
        if (cp >= FirstInteresting && Decompositions.Value.TryGetValue(cp, out var parts)) into.AddRange(parts);
        else into.Add(cp);
    }

    // Canonical ordering: within each run of non-starters, a stable sort by combining class.
    private static void ReorderMarks(List<int> runes)
    {
        for (var i = 1; i < runes.Count; i++)
        {
            var cc = CombiningClass(runes[i]);
            if (cc == 0) continue;
            var j = i;
            while (j > 0 && CombiningClass(runes[j - 1]) is var prev && prev > cc)
            {
                (runes[j - 1], runes[j]) = (runes[j], runes[j - 1]);
                j--;
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Entries(string[] data) =>
        data.SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(entry => new KeyValuePair<string, string>(entry[..entry.IndexOf('=')], entry[(entry.IndexOf('=') + 1)..]));

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
