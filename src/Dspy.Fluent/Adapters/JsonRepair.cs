using System.Text;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// Reads the almost-JSON LMs write, accepting what DSPy's <c>json_repair</c> accepts in the common cases: code fences,
/// prose before the value, unquoted keys (<c>{answer: 'Paris'}</c>), single and curly quotes, unescaped quotes inside
/// a string, trailing, doubled or missing commas, comments (<c>//</c>, <c>/* */</c>, <c>#</c>), Python and JavaScript
/// literals (<c>True</c>, <c>None</c>, <c>TRUE</c>), unquoted text values (<c>{city: Paris}</c>), numbers such as
/// <c>+1</c>, <c>.5</c>, <c>01</c>, and a reply cut off before its closing quotes and brackets.
/// </summary>
/// <remarks>
/// Unlike <c>json_repair</c>, which turns any text into some value (<c>{"a" 1}</c> becomes <c>{"a": ""}</c>), a key
/// without a colon, a key without a value, a stray character where a value or a comma belongs, or text with no JSON
/// value at all is an error whose message names the line, the column and what was expected. <c>None</c> reads as
/// null (json_repair keeps the text "None"). Text after the first complete value is ignored, as json_repair does
/// when it is not another value.
/// </remarks>
internal static partial class JsonRepair
{
    public static bool TryParse(string text, out JsonElement element) => TryParse(text, out element, out _);

    /// <summary>Parses <paramref name="text"/> leniently; on failure <paramref name="error"/> says where and why.</summary>
    public static bool TryParse(string text, out JsonElement element, out string? error)
    {
        element = default;
        var candidate = StripFences(text.Trim());
        if (candidate.Length == 0)
        {
            error = "the text is empty";
            return false;
        }
        // JsonDocument keeps both members of a repeated key; the lenient path keeps the last value, as Python's dict does.
        if (TryDocument(candidate, out element) && !HasRepeatedKey(element))
        {
            error = null;
            return true;
        }
        var parser = new Lenient(candidate);
        if (!parser.TryRead(out var value, out error)) return false;
        var sb = new StringBuilder(candidate.Length + 16);
        Write(sb, value);
        if (TryDocument(sb.ToString(), out element)) return true;
        error = "the repaired text is still not JSON"; // a bug here, not in the reply: every value written above is valid
        return false;
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
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 600 });
            element = doc.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            element = default;
            return false;
        }
    }

    private static bool HasRepeatedKey(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject())
                    if (!names.Add(p.Name) || HasRepeatedKey(p.Value)) return true;
                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (HasRepeatedKey(item)) return true;
                return false;
            default:
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

    /// <summary>A number or literal exactly as it goes into the repaired JSON.</summary>
    private sealed record Raw(string Json);

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case Raw raw: sb.Append(raw.Json); break;
            case string s: Internal.PythonJson.WriteString(sb, s); break;
            case List<object?> items:
                sb.Append('[');
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, items[i]);
                }
                sb.Append(']');
                break;
            case OrderedDictionary<string, object?> members:
                sb.Append('{');
                var first = true;
                foreach (var (key, member) in members)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    Internal.PythonJson.WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, member);
                }
                sb.Append('}');
                break;
        }
    }
}
