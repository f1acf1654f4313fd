using System.Text;

namespace Dspy.Fluent.Internal;

/// <summary>Python's text helpers that DSPy's prompt layout relies on (<c>str.strip</c>, <c>splitlines</c>, <c>inspect.cleandoc</c>).</summary>
internal static class PyText
{
    // Python's str.isspace also counts the ASCII information separators, which char.IsWhiteSpace does not.
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\x1c' or '\x1d' or '\x1e' or '\x1f';

    public static string Strip(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    public static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                lines.Add(s[start..i]);
                if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n') i++;
                start = i + 1;
            }
        }
        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }

    /// <summary><c>inspect.cleandoc</c>: strip the first line, remove the common indent of the rest, drop blank edges.</summary>
    public static string CleanDoc(string text)
    {
        var lines = SplitLines(text.Replace("\t", "        "));
        if (lines.Count == 0) return "";
        var margin = int.MaxValue;
        for (var i = 1; i < lines.Count; i++)
        {
            var content = lines[i].TrimStart(' ');
            if (content.Length > 0) margin = Math.Min(margin, lines[i].Length - content.Length);
        }
        lines[0] = lines[0].TrimStart(' ');
        if (margin != int.MaxValue)
            for (var i = 1; i < lines.Count; i++) lines[i] = lines[i].Length >= margin ? lines[i][margin..] : lines[i].TrimStart(' ');
        while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join('\n', lines);
    }

    public static string JoinStrip(string separator, IEnumerable<string> parts)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var p in parts)
        {
            if (!first) sb.Append(separator);
            sb.Append(p);
            first = false;
        }
        return Strip(sb.ToString());
    }
}
