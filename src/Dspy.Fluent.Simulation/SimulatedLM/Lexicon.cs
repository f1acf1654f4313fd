using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>Word-level reading helpers: tokens, content words, capitalised spans and years.</summary>
internal static partial class Lexicon
{
    private static readonly HashSet<string> Stop = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "from", "with", "and", "or", "is", "was", "were", "are",
        "be", "been", "which", "what", "who", "whom", "whose", "when", "where", "why", "how", "did", "does", "do", "that",
        "this", "it", "its", "as", "first", "earlier", "later", "same", "both", "he", "she", "they", "his", "her", "their",
        "has", "had", "have", "than", "there", "into", "also", "not", "no", "yes",
        "one", "name", "named", "i", "you", "we", "me", "my", "so", "if", "then", "about", "after", "before",
    };

    // Words that are capitalised only because they start a sentence or a question.
    private static readonly HashSet<string> CapitalisedStop = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "In", "It", "He", "She", "They", "His", "Her", "Their", "This", "That", "Which", "What", "Who",
        "When", "Where", "Were", "Was", "Is", "Are", "Did", "Does", "Do", "How", "According", "So", "Its", "After", "Before",
        "During", "Since", "While", "As", "By", "From", "On", "At", "For", "With", "Born", "Founded", "There", "Both",
        "Located", "Formed", "Written", "Directed", "Recorded", "Based", "Established", "Started", "Published", "Released",
    };

    public static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value);

    /// <summary>Lower-cased words that carry meaning (no stop words), with a trailing plural 's' dropped.</summary>
    public static HashSet<string> ContentWords(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in Words(text))
        {
            if (Stop.Contains(w)) continue;
            set.Add(Stem(w.ToLowerInvariant()));
        }
        return set;
    }

    /// <summary>A crude stem: drop a plural 's' and keep six letters, so "founder" meets "founded" and "analytics" "analytic".</summary>
    public static string Stem(string w)
    {
        if (w.Length > 4 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal)) w = w[..^1];
        return w.Length > 6 ? w[..6] : w;
    }

    public static int Overlap(HashSet<string> a, string text)
    {
        var n = 0;
        foreach (var w in Words(text))
            if (a.Contains(Stem(w.ToLowerInvariant()))) n++;
        return n;
    }

    /// <summary>Runs of capitalised words (names of people, places, organisations, works), sentence-initial function words excluded.</summary>
    public static List<string> CapitalisedSpans(string text)
    {
        var spans = new List<string>();
        foreach (Match m in Capitalised().Matches(text))
        {
            var words = m.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            while (words.Count > 0 && CapitalisedStop.Contains(words[0])) words.RemoveAt(0);
            while (words.Count > 0 && words[^1] is "of" or "de" or "the") words.RemoveAt(words.Count - 1);
            if (words.Count > 0) spans.Add(string.Join(' ', words));
        }
        return spans;
    }

    public static List<string> Years(string text) => Year().Matches(text).Select(m => m.Value).ToList();

    public static bool ContainsPhrase(string text, string phrase) =>
        text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    public static bool ContainsAny(string text, params string[] phrases) =>
        phrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));

    public static int WordCount(string text) => Words(text).Count();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex Word();

    [GeneratedRegex(@"\p{Lu}[\p{L}\p{M}'’\-]*(?:\s+(?:(?:of|de|the)\s+)?\p{Lu}[\p{L}\p{M}'’\-]*)*")]
    private static partial Regex Capitalised();

    [GeneratedRegex(@"\b(?:1[0-9]{3}|20[0-9]{2})\b")]
    private static partial Regex Year();
}
