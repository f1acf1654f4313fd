using System.Text;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Python's <c>str</c> semantics that DSPy's metrics depend on: <c>lower()</c>, <c>isspace()</c>/<c>split()</c> and the
/// <c>re</c> module's <c>\w</c>. .NET's versions differ at the edges (final sigma, U+0130, U+001C–U+001F, combining marks
/// counted as word characters), and metric scores must match DSPy's on the same strings.
/// </summary>
internal static class PythonText
{
    /// <summary>Python's <c>str.lower()</c>: full lowercase mapping, including U+0130 → "i̇" and the Greek final sigma rule.</summary>
    public static string Lower(string s)
    {
        if (IsAsciiWithoutUpper(s)) return s;
        var sb = new StringBuilder(s.Length);
        Span<char> buffer = stackalloc char[2];
        for (var i = 0; i < s.Length;)
        {
            Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out var width);
            switch (rune.Value)
            {
                case 0x0130: sb.Append("i\u0307"); break;
                case 0x03A3: sb.Append(IsFinalSigma(s, i, width) ? '\u03C2' : '\u03C3'); break;
                default:
                    var written = Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer);
                    sb.Append(buffer[..written]);
                    break;
            }
            i += width;
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>str.isspace()</c> for one character: .NET's whitespace plus the information separators U+001C–U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    /// <summary>Python's <c>str.split()</c> with no separator: runs of whitespace separate, empty parts are dropped.</summary>
    public static List<string> Split(string s)
    {
        var parts = new List<string>();
        var start = -1;
        for (var i = 0; i <= s.Length; i++)
        {
            var space = i == s.Length || IsSpace(s[i]);
            if (space && start >= 0) { parts.Add(s[start..i]); start = -1; }
            else if (!space && start < 0) start = i;
        }
        return parts;
    }

    /// <summary>Whether <paramref name="rune"/> is a word character for Python's <c>re</c> on str patterns (<c>isalnum()</c> or <c>_</c>).</summary>
    public static bool IsWordRune(Rune rune)
    {
        if (rune.Value == '_') return true;
        var category = Rune.GetUnicodeCategory(rune);
        return category <= System.Globalization.UnicodeCategory.OtherLetter // Lu, Ll, Lt, Lm, Lo
            || category is System.Globalization.UnicodeCategory.DecimalDigitNumber
                or System.Globalization.UnicodeCategory.LetterNumber
                or System.Globalization.UnicodeCategory.OtherNumber;
    }

    private static bool IsAsciiWithoutUpper(string s)
    {
        foreach (var c in s)
            if (c > 0x7F || c is >= 'A' and <= 'Z') return false;
        return true;
    }

    // Unicode's Final_Sigma condition, as CPython checks it on the original string: a cased letter before the sigma
    // (skipping case-ignorable characters) and no cased letter after it (skipping them again).
    private static bool IsFinalSigma(string s, int index, int width)
    {
        var j = index;
        Rune before = default;
        var found = false;
        while (j > 0)
        {
            Rune.DecodeLastFromUtf16(s.AsSpan(0, j), out var r, out var w);
            j -= w;
            if (IsCaseIgnorable(r)) continue;
            before = r;
            found = true;
            break;
        }
        if (!found || !IsCased(before)) return false;
        for (var k = index + width; k < s.Length;)
        {
            Rune.DecodeFromUtf16(s.AsSpan(k), out var r, out var w);
            k += w;
            if (IsCaseIgnorable(r)) continue;
            return !IsCased(r);
        }
        return true;
    }

    private static bool IsCased(Rune r) =>
        Rune.GetUnicodeCategory(r) is System.Globalization.UnicodeCategory.UppercaseLetter
            or System.Globalization.UnicodeCategory.LowercaseLetter or System.Globalization.UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(Rune r) =>
        Rune.GetUnicodeCategory(r) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.EnclosingMark or System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.ModifierLetter or System.Globalization.UnicodeCategory.ModifierSymbol
        // Word_Break MidLetter / MidNumLet / Single_Quote.
        || r.Value is '\'' or '.' or ':' or 0x00B7 or 0x0387 or 0x05F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027
            or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
}
