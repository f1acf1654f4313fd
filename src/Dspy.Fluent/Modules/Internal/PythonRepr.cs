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
    /// <summary>
    /// Python's <c>str(value)</c> for the values a field holds: a string as it is, everything else as its repr
    /// (<c>True</c>, <c>[3, 1, 2]</c>, <c>{'a': 0.5, 'b': 1.0}</c>, <c>None</c>); floats keep Python's <c>1.0</c>.
    /// Records and other objects are shown as their JSON shape.
    /// </summary>
    public static string Str(object? value)
    {
        if (value is string s) return s;
        if (value is JsonElement { ValueKind: JsonValueKind.String } text) return text.GetString()!;
        var sb = new StringBuilder();
        WriteValue(sb, value);
        return sb.ToString();
    }

    private static void WriteValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("None"); return;
            case string s: WriteString(sb, s); return;
            case bool b: sb.Append(b ? "True" : "False"); return;
            case JsonElement e: Write(sb, e); return;
            // Via the shortest text of the float, so 0.1f prints 0.1 as the same number would in Python, not 0.10000000149011612.
            case float f: sb.Append(PythonFloat.Format(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))); return;
            case double d: sb.Append(PythonFloat.Format(d)); return;
            case decimal m: sb.Append(PythonFloat.Format((double)m)); return;
            case sbyte or byte or short or ushort or int or uint or long or ulong or System.Numerics.BigInteger:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); return;
            case Enum or char: WriteString(sb, value.ToString()!); return;
            case System.Collections.IDictionary dictionary:
                sb.Append('{');
                var first = true;
                foreach (System.Collections.DictionaryEntry entry in dictionary)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteValue(sb, entry.Key);
                    sb.Append(": ");
                    WriteValue(sb, entry.Value);
                }
                sb.Append('}');
                return;
            case System.Collections.IEnumerable items:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in items)
                {
                    if (!firstItem) sb.Append(", ");
                    firstItem = false;
                    WriteValue(sb, item);
                }
                sb.Append(']');
                return;
            default:
                Write(sb, DspyJson.SerializeToElement(value, value.GetType()));
                return;
        }
    }

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
