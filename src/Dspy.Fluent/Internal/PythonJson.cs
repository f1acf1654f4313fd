using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// JSON written the way Python's <c>json.dumps(value, ensure_ascii=False)</c> writes it (<c>", "</c> and <c>": "</c>
/// separators, or <c>indent</c>), because DSPy renders list, dict and object values into prompts that way and
/// prompts must match byte for byte.
/// </summary>
internal static class PythonJson
{
    public static string Serialize(object? value, int? indent = null)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, 0);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, object? value, int? indent, int depth)
    {
        switch (value)
        {
            case null: sb.Append("null"); return;
            case string s: WriteString(sb, s); return;
            case IMediaValue media: WriteString(sb, MediaParts.SavedForm(media)); return; // Image, Audio, FileInput
            case Citations citations: WriteString(sb, CitationsJsonConverter.SavedForm(citations)); return;
            case Code code: WriteString(sb, code.Text); return; // dspy.Code serializes as its code
            case ToolCalls calls: Write(sb, calls.Plain(), indent, depth); return; // dspy.ToolCalls serializes as {"tool_calls": [...]}
            case ToolCall call: Write(sb, call.Plain(), indent, depth); return;
            case Microsoft.Extensions.AI.AIFunction tool: WriteString(sb, ReActPrompts.DescribeTool(tool)); return; // dspy.Tool formats as str(tool)
            case bool b: sb.Append(b ? "true" : "false"); return;
            case double d: sb.Append(PythonFloat.Format(d)); return;
            case float f: sb.Append(PythonFloat.Format(f)); return;
            case decimal m: sb.Append(PythonFloat.Format((double)m)); return;
            case long or int or short or byte or sbyte or uint or ulong or ushort:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); return;
            case Enum e: WriteString(sb, EnumText.Name(e)); return;
            case JsonElement je: WriteElement(sb, je, indent, depth); return;
            case System.Text.Json.Nodes.JsonNode node: WriteElement(sb, DspyJson.SerializeToElement(node, typeof(System.Text.Json.Nodes.JsonNode)), indent, depth); return;
            case IReadOnlyDictionary<string, object?> map: WriteObject(sb, map.Select(kv => (kv.Key, kv.Value)), indent, depth); return;
            case IDictionary dict:
                WriteObject(sb, DictionaryEntries.Of(dict).Select(kv => (Convert.ToString(kv.Key, CultureInfo.InvariantCulture) ?? "", kv.Value)), indent, depth);
                return;
            case IEnumerable seq: WriteArray(sb, seq.Cast<object?>(), indent, depth); return;
            default:
                WriteElement(sb, DspyJson.SerializeToElement(value, value.GetType()), indent, depth);
                return;
        }
    }

    private static void WriteElement(StringBuilder sb, JsonElement e, int? indent, int depth)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(sb, e.EnumerateObject().Select(p => (p.Name, (object?)p.Value)), indent, depth); return;
            case JsonValueKind.Array:
                WriteArray(sb, e.EnumerateArray().Select(x => (object?)x), indent, depth); return;
            case JsonValueKind.String: WriteString(sb, e.GetString()!); return;
            case JsonValueKind.Number:
                if (e.TryGetInt64(out var l)) sb.Append(l.ToString(CultureInfo.InvariantCulture));
                else sb.Append(PythonFloat.Format(e.GetDouble()));
                return;
            case JsonValueKind.True: sb.Append("true"); return;
            case JsonValueKind.False: sb.Append("false"); return;
            default: sb.Append("null"); return;
        }
    }

    private static void WriteObject(StringBuilder sb, IEnumerable<(string Key, object? Value)> members, int? indent, int depth)
    {
        sb.Append('{');
        var first = true;
        foreach (var (key, value) in members)
        {
            if (!first) sb.Append(indent is null ? ", " : ",");
            first = false;
            NewLine(sb, indent, depth + 1);
            WriteString(sb, key);
            sb.Append(": ");
            Write(sb, value, indent, depth + 1);
        }
        if (!first) NewLine(sb, indent, depth);
        sb.Append('}');
    }

    private static void WriteArray(StringBuilder sb, IEnumerable<object?> items, int? indent, int depth)
    {
        sb.Append('[');
        var first = true;
        foreach (var item in items)
        {
            if (!first) sb.Append(indent is null ? ", " : ",");
            first = false;
            NewLine(sb, indent, depth + 1);
            Write(sb, item, indent, depth + 1);
        }
        if (!first) NewLine(sb, indent, depth);
        sb.Append(']');
    }

    private static void NewLine(StringBuilder sb, int? indent, int depth)
    {
        if (indent is not { } n) return;
        sb.Append('\n').Append(' ', n * depth);
    }

    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
