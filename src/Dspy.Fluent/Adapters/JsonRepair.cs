using System.Text;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// Small repairs that turn almost-JSON from an LM into JSON: code fences, Python literals and quotes, trailing
/// commas, text around the object. Never guesses content; anything beyond these repairs stays an error.
/// </summary>
internal static class JsonRepair
{
    public static bool TryParse(string text, out JsonElement element)
    {
        element = default;
        var candidate = StripFences(text.Trim());
        if (candidate.Length == 0) return false;
        if (TryDocument(candidate, out element)) return true;
        var repaired = Repair(candidate);
        return TryDocument(repaired, out element);
    }

    /// <summary>The outermost <c>{…}</c> block in <paramref name="text"/>, for replies with prose around the JSON.</summary>
    public static string? ExtractObject(string text)
    {
        var start = text.IndexOf('{');
        if (start < 0) return null;
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return text[start..(i + 1)];
        }
        return null;
    }

    private static bool TryDocument(string json, out JsonElement element)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            element = doc.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            element = default;
            return false;
        }
    }

    public static string StripFences(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal)) return text;
        var firstNewline = text.IndexOf('\n');
        if (firstNewline < 0) return text.Trim('`');
        var body = text[(firstNewline + 1)..];
        var close = body.LastIndexOf("```", StringComparison.Ordinal);
        return (close >= 0 ? body[..close] : body).Trim();
    }

    /// <summary>Python-isms to JSON: single-quoted strings, True/False/None, trailing commas.</summary>
    private static string Repair(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                i = CopyString(text, i, sb);
                continue;
            }
            if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && char.IsLetter(text[i])) i++;
                var word = text[start..i];
                sb.Append(word switch { "True" => "true", "False" => "false", "None" => "null", _ => word });
                continue;
            }
            if (c == ',')
            {
                var j = i + 1;
                while (j < text.Length && char.IsWhiteSpace(text[j])) j++;
                if (j < text.Length && text[j] is '}' or ']') { i++; continue; }
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    private static int CopyString(string text, int start, StringBuilder sb)
    {
        var quote = text[start];
        sb.Append('"');
        var i = start + 1;
        while (i < text.Length && text[i] != quote)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                if (quote == '\'' && next == '\'') sb.Append('\'');
                else sb.Append(c).Append(next);
                i += 2;
                continue;
            }
            if (c == '"' && quote == '\'') sb.Append("\\\"");
            else if (c == '\n') sb.Append("\\n");
            else sb.Append(c);
            i++;
        }
        sb.Append('"');
        return i + 1;
    }
}
