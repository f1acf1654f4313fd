using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The XML DSPy's <c>XMLAdapter</c> writes: nested tags for list, dict and record values (<c>_value_to_xml</c>) and
/// the tag skeleton shown for such output fields (<c>_xml_schema</c>). Byte-compatible with DSPy 3.3.1.
/// </summary>
internal static class XmlFieldWriter
{
    /// <summary>
    /// Whether DSPy writes this type as nested tags rather than text (<c>_uses_nested_xml</c>): lists, dicts and records,
    /// also behind <c>Optional</c>. <c>Any</c> is not a pydantic model, so it stays text.
    /// </summary>
    public static bool UsesNestedXml(FieldType type)
    {
        if (type.Kind == FieldTypeKind.Optional) type = type.ElementType!;
        // dspy.Tool and dspy.ToolCalls are DSPy's own models, which DSPy writes as text (a list of them too).
        if (type.HoldsTools || type.IsToolCalls) return false;
        if (type.IsCitations || type.HoldsDocuments) return false; // DSPy's own models (and lists of them) are written as text
        return type.Kind is FieldTypeKind.List or FieldTypeKind.Dictionary ||
               (type.Kind == FieldTypeKind.Object && !ReferenceEquals(type, FieldType.Any) && type.CodeLanguage is null); // dspy.Code is text
    }

    /// <summary>
    /// The value as JSON when DSPy's <c>serialize_for_json</c> would make it a dict or a list, else null (text, numbers,
    /// None): only those become nested tags; everything else is written as field text.
    /// </summary>
    public static JsonElement? AsJsonContainer(object? value)
    {
        var element = value switch
        {
            null or string or bool or Enum => (JsonElement?)null,
            JsonElement je => je,
            _ when value.GetType().IsPrimitive || value is decimal => null,
            _ => JsonDocument.Parse(PythonJson.Serialize(value)).RootElement.Clone(),
        };
        return element is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } ? element : null;
    }

    /// <summary><c>_value_to_xml</c>: lists as <c>&lt;item&gt;</c> children, dicts as one child per key, scalars as escaped text.</summary>
    public static string ValueToXml(JsonElement value, string tag)
    {
        var sb = new StringBuilder();
        Write(sb, value, tag, key: null);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonElement value, string tag, string? key)
    {
        sb.Append('<').Append(tag);
        if (key is not null) sb.Append(" key=").Append(QuoteAttribute(key));
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                if (value.GetArrayLength() == 0) { sb.Append(" />"); return; }
                sb.Append('>');
                foreach (var item in value.EnumerateArray()) Write(sb, item, "item", null);
                break;
            case JsonValueKind.Object:
                sb.Append('>');
                foreach (var p in value.EnumerateObject())
                {
                    // A key that cannot be a tag name goes into an <entry key="…"> element instead.
                    if (IsTagName(p.Name)) Write(sb, p.Value, p.Name, null);
                    else Write(sb, p.Value, "entry", p.Name);
                }
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                sb.Append(" />");
                return;
            default:
                sb.Append('>').Append(EscapeText(ScalarText(value)));
                break;
        }
        sb.Append("</").Append(tag).Append('>');
    }

    /// <summary>Python's <c>str()</c> of a JSON scalar: <c>True</c>/<c>False</c> for booleans, the number as written.</summary>
    private static string ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => value.GetRawText(),
    };

    /// <summary>
    /// DSPy's test for using a key as a tag: <c>(name[:1] + name[1:].replace("-", "_").replace(".", "_")).isidentifier()</c>,
    /// so <c>first-name</c> and <c>a.b</c> stay tags while <c>2nd place</c> becomes an entry.
    /// </summary>
    private static bool IsTagName(string name)
    {
        if (name.Length == 0 || !IsIdentifierStart(name[0])) return false;
        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '-' or '.') continue;
            if (!IsIdentifierPart(c)) return false;
        }
        return true;
    }

    // Python's str.isidentifier (XID_Start / XID_Continue), close enough for keys: letters and '_' start a name;
    // letters, digits, combining marks and connector punctuation continue it.
    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c) ||
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.LetterNumber;

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or
        UnicodeCategory.ConnectorPunctuation;

    /// <summary>DSPy escapes only <c>&amp;</c> and <c>&lt;</c> (not <c>&gt;</c>) in output text and leaf values.</summary>
    public static string EscapeText(string text) =>
        text.Contains('&') || text.Contains('<') ? text.Replace("&", "&amp;").Replace("<", "&lt;") : text;

    /// <summary>Python's <c>xml.sax.saxutils.quoteattr</c>: escape, then double quotes unless the value holds one.</summary>
    private static string QuoteAttribute(string value)
    {
        var escaped = value.Replace("&", "&amp;").Replace(">", "&gt;").Replace("<", "&lt;")
            .Replace("\n", "&#10;").Replace("\r", "&#13;").Replace("\t", "&#9;");
        if (!escaped.Contains('"')) return $"\"{escaped}\"";
        return escaped.Contains('\'') ? $"\"{escaped.Replace("\"", "&quot;")}\"" : $"'{escaped}'";
    }

    /// <summary>
    /// <c>_xml_schema</c>: the tag skeleton of a type, e.g. <c>&lt;people&gt;&lt;item&gt;&lt;name&gt;...&lt;/name&gt;&lt;/item&gt;&lt;/people&gt;</c>.
    /// Record properties come in declaration order (DSPy reads pydantic's unsorted schema here); a record already being
    /// expanded further up (a recursive type) is shown as <c>...</c>, as DSPy stops at a <c>$ref</c> it has seen.
    /// </summary>
    public static string SchemaToXml(string tag, FieldType type)
    {
        var sb = new StringBuilder();
        WriteSchema(sb, tag, type, new HashSet<Type>());
        return sb.ToString();
    }

    private static void WriteSchema(StringBuilder sb, string tag, FieldType type, IReadOnlySet<Type> seen)
    {
        if (type.Kind == FieldTypeKind.Optional) type = type.ElementType!;
        sb.Append('<').Append(tag).Append('>');
        if (type.Kind == FieldTypeKind.List)
            WriteSchema(sb, "item", type.ElementType!, seen);
        else if (type.Kind == FieldTypeKind.Object && !ReferenceEquals(type, FieldType.Any) && !seen.Contains(type.ClrType) &&
                 type.RecordProperties is { Count: > 0 } properties)
        {
            var inner = new HashSet<Type>(seen) { type.ClrType };
            foreach (var p in properties) WriteSchema(sb, p.Name, p.Type, inner);
        }
        else
            sb.Append("...");
        sb.Append("</").Append(tag).Append('>');
    }
}
