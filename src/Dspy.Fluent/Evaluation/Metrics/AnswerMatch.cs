using System.Globalization;
using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// DSPy's answer comparison functions: text normalisation, exact match, token F1 and "answer in passage", computed
/// exactly as DSPy computes them so scores carry across.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.evaluate.metrics</c> (<c>normalize_text</c>, <c>EM</c>, <c>F1</c>, <c>em_score</c>,
/// <c>f1_score</c>) and the DPR <c>has_answer</c> check behind <c>answer_passage_match</c>.</para>
/// <para>Normalisation, in DSPy's order: Unicode NFD; Python's <c>str.lower()</c>; remove the 32 ASCII punctuation
/// characters of Python's <c>string.punctuation</c> (other punctuation such as “ ” — stays); replace the whole words
/// <c>a</c>, <c>an</c>, <c>the</c> by a space (word characters as in Python's <c>re</c>: letters, numbers and <c>_</c>,
/// not combining marks); collapse whitespace runs to one space and trim. Accents are not removed: NFD only makes
/// precomposed and decomposed spellings compare equal.</para>
/// </remarks>
/// <example>
/// <code>
/// AnswerMatch.Normalize("The,  Eiffel  Tower!");            // "eiffel tower"
/// AnswerMatch.ExactMatch("The Eiffel Tower", ["Eiffel Tower", "Louvre"]); // true
/// AnswerMatch.F1("Eiffel Tower is in Paris", ["Paris"]);     // 0.333…
/// </code>
/// </example>
public static class AnswerMatch
{
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>Normalises text for comparison as DSPy's <c>normalize_text</c> does.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The normalised text: lower case, no ASCII punctuation, no articles, single spaces.</returns>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = PythonText.Lower(UnicodeNfd.Normalize(text));
        var withoutPunctuation = RemovePunctuation(lowered);
        var withoutArticles = RemoveArticles(withoutPunctuation);
        return string.Join(' ', PythonText.Split(withoutArticles));
    }

    /// <summary>Whether <paramref name="prediction"/> equals any of <paramref name="answers"/> after normalisation (DSPy's <c>EM</c>).</summary>
    /// <param name="prediction">The predicted answer.</param>
    /// <param name="answers">Acceptable answers; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="answers"/> is empty.</exception>
    public static bool ExactMatch(string prediction, IEnumerable<string> answers)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var list = NonEmpty(answers);
        var normalized = Normalize(prediction);
        return list.Any(a => Normalize(a) == normalized);
    }

    /// <summary>The best token F1 of <paramref name="prediction"/> against any of <paramref name="answers"/> (DSPy's <c>F1</c>).</summary>
    /// <param name="prediction">The predicted answer.</param>
    /// <param name="answers">Acceptable answers; at least one.</param>
    /// <returns>In [0, 1]; 0 when no token is shared (also when both sides normalise to nothing, as in DSPy).</returns>
    /// <exception cref="ArgumentException"><paramref name="answers"/> is empty.</exception>
    public static double F1(string prediction, IEnumerable<string> answers)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var list = NonEmpty(answers);
        var predicted = Tokens(prediction);
        return list.Max(a => F1(predicted, Tokens(a)));
    }

    /// <summary>Whether <paramref name="passage"/> contains any of <paramref name="answers"/> as a run of whole tokens,
    /// after normalisation and DPR tokenisation (DSPy's <c>has_answer</c> inside <c>answer_passage_match</c>).</summary>
    /// <param name="passage">A passage, e.g. <c>"title | text"</c>.</param>
    /// <param name="answers">Acceptable answers.</param>
    /// <remarks>As in DSPy, an answer that normalises to nothing (e.g. <c>"The"</c>) is found in every passage.</remarks>
    public static bool PassageContains(string passage, IEnumerable<string> answers)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(answers);
        var text = DprTokens(Normalize(passage));
        foreach (var answer in answers)
        {
            var tokens = DprTokens(Normalize(answer));
            for (var i = 0; i + tokens.Count <= text.Count; i++)
            {
                var match = true;
                for (var k = 0; k < tokens.Count && match; k++) match = text[i + k] == tokens[k];
                if (match) return true;
            }
        }
        return false;
    }

    /// <summary>Normalised whitespace tokens, as DSPy's <c>normalize_text(s).split()</c>.</summary>
    internal static string[] Tokens(string text)
    {
        var normalized = Normalize(text);
        return normalized.Length == 0 ? [] : normalized.Split(' ');
    }

    internal static double F1(string[] predicted, string[] truth)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in truth) counts[t] = counts.GetValueOrDefault(t) + 1;
        var same = 0;
        foreach (var t in predicted)
        {
            if (counts.GetValueOrDefault(t) is not (> 0 and var n)) continue;
            counts[t] = n - 1;
            same++;
        }
        if (same == 0) return 0;
        // Same operations in the same order as DSPy's f1_score, so the doubles are identical.
        var precision = 1.0 * same / predicted.Length;
        var recall = 1.0 * same / truth.Length;
        return 2 * precision * recall / (precision + recall);
    }

    private static IReadOnlyList<string> NonEmpty(IEnumerable<string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var list = answers as IReadOnlyList<string> ?? answers.ToArray();
        if (list.Count == 0)
            throw new ArgumentException("There are no acceptable answers to compare with: give at least one.", nameof(answers));
        return list;
    }

    private static string RemovePunctuation(string s)
    {
        if (s.AsSpan().IndexOfAny(AsciiPunctuation) < 0) return s;
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!AsciiPunctuation.Contains(c)) sb.Append(c);
        return sb.ToString();
    }

    // re.sub(r"\b(a|an|the)\b", " ", s): a match is exactly a maximal run of word characters spelling a, an or the.
    private static string RemoveArticles(string s)
    {
        var sb = new StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out var width);
            if (!PythonText.IsWordRune(rune)) { sb.Append(s, i, width); i += width; continue; }
            var start = i;
            while (i < s.Length)
            {
                Rune.DecodeFromUtf16(s.AsSpan(i), out var r, out var w);
                if (!PythonText.IsWordRune(r)) break;
                i += w;
            }
            var word = s.AsSpan(start, i - start);
            if (word is "a" or "an" or "the") sb.Append(' ');
            else sb.Append(word);
        }
        return sb.ToString();
    }

    // DPR's SimpleTokenizer: runs of letters, numbers and marks, or any single character that is neither a separator
    // nor a control/format/unassigned character; then lower-cased.
    private static List<string> DprTokens(string text)
    {
        var tokens = new List<string>();
        var s = UnicodeNfd.Normalize(text);
        var i = 0;
        while (i < s.Length)
        {
            Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out var width);
            if (IsAlphaNumMark(rune))
            {
                var start = i;
                while (i < s.Length)
                {
                    Rune.DecodeFromUtf16(s.AsSpan(i), out var r, out var w);
                    if (!IsAlphaNumMark(r)) break;
                    i += w;
                }
                tokens.Add(PythonText.Lower(s[start..i]));
                continue;
            }
            if (!IsSeparatorOrOther(rune)) tokens.Add(PythonText.Lower(s.Substring(i, width)));
            i += width;
        }
        return tokens;
    }

    private static bool IsAlphaNumMark(Rune r) => Rune.GetUnicodeCategory(r) switch
    {
        <= UnicodeCategory.OtherLetter => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    private static bool IsSeparatorOrOther(Rune r) => Rune.GetUnicodeCategory(r) is
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or
        UnicodeCategory.OtherNotAssigned;
}
