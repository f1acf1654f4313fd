using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Python's <c>repr</c> of JSON-shaped values (<c>{'a': 'b'}</c>, <c>True</c>, <c>None</c>): DSPy shows a tool's
/// argument schemas to the LM as a Python dict, so ReAct's instructions must print them the same way.
/// </summary>
internal static class PythonRepr
{
    public static string Of(JsonElement value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var p in value.EnumerateObject())
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteString(sb, p.Name);
                    sb.Append(": ");
                    Write(sb, p.Value);
                }
                sb.Append('}');
                return;
            case JsonValueKind.Array:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem) sb.Append(", ");
                    firstItem = false;
                    Write(sb, item);
                }
                sb.Append(']');
                return;
            case JsonValueKind.String: WriteString(sb, value.GetString()!); return;
            case JsonValueKind.Number:
                sb.Append(value.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : PythonFloat.Format(value.GetDouble()));
                return;
            case JsonValueKind.True: sb.Append("True"); return;
            case JsonValueKind.False: sb.Append("False"); return;
            default: sb.Append("None"); return;
        }
    }

    /// <summary>Python's string repr: single quotes unless the text has a single quote and no double quote.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append(quote);
    }
}
