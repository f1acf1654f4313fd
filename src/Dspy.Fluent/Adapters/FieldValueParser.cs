using System.Globalization;
using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Converts the text an LM wrote for a field into the field's type, leniently where DSPy (pydantic) is lenient:
/// <c>"True"</c>/<c>"yes"</c> for bool, quoted literals, Python-style lists. Throws <see cref="FormatException"/> with
/// a reason a person can act on.
/// </summary>
internal static class FieldValueParser
{
    public static object? Parse(string text, FieldType type)
    {
        switch (type.Kind)
        {
            case FieldTypeKind.String:
                return text;
            case FieldTypeKind.Integer:
                return ParseInteger(Unquote(text), type);
            case FieldTypeKind.Float:
                return ParseFloat(Unquote(text), type);
            case FieldTypeKind.Boolean:
                return ParseBool(Unquote(text));
            case FieldTypeKind.Enum:
                try { return ValueConverter.EnumParse(type.ClrType, Unquote(text)); }
                catch (InvalidCastException e) { throw new FormatException(e.Message); }
            case FieldTypeKind.Literal:
                return ParseLiteral(text, type);
            case FieldTypeKind.Optional:
                var t = Unquote(text);
                if (t.Length == 0 || t is "None" or "null" or "NULL" or "Null") return null;
                return Parse(text, type.ElementType!);
            case FieldTypeKind.Object when type.CodeLanguage is not null:
                return ParseCode(text);
            case FieldTypeKind.Object when type.IsTool:
                throw new FormatException("A Tool field is an input: an LM reply cannot be read back as a tool. Use ToolCalls for the calls an LM makes.");
            default:
                if (!JsonRepair.TryParse(text, out var element))
                    throw new FormatException($"'{ValueConverter.Preview(text)}' is not valid JSON for {type.PythonName}; expected e.g. {Expected(type)}.");
                return FromJson(element, type);
        }
    }

    /// <summary>A value that arrived as JSON (from the JSON adapter or a parsed list) converted to the field's type.</summary>
    public static object? FromJson(JsonElement element, FieldType type)
    {
        if (element.ValueKind == JsonValueKind.String && type.Kind is not (FieldTypeKind.List or FieldTypeKind.Dictionary or FieldTypeKind.Object))
            return Parse(element.GetString()!, type);
        switch (type.Kind)
        {
            case FieldTypeKind.String:
                return element.ValueKind == JsonValueKind.Null ? "" : FieldValueFormatterText(element);
            case FieldTypeKind.Optional when element.ValueKind == JsonValueKind.Null:
                return null;
            case FieldTypeKind.Optional:
                return FromJson(element, type.ElementType!);
            case FieldTypeKind.Integer or FieldTypeKind.Float or FieldTypeKind.Boolean or FieldTypeKind.Enum or FieldTypeKind.Literal:
                return Parse(element.GetRawText(), type);
            case FieldTypeKind.Object when type.IsToolCalls:
                if (element.ValueKind == JsonValueKind.String && JsonRepair.TryParse(element.GetString()!, out var callsJson) && callsJson.ValueKind != JsonValueKind.String)
                    element = callsJson;
                return ToolCalls.FromJson(element);
            case FieldTypeKind.Object when type.IsCitations:
                if (element.ValueKind == JsonValueKind.String && JsonRepair.TryParse(element.GetString()!, out var cited)) element = cited;
                try { return CitationsJsonConverter.From(element); }
                catch (JsonException e) { throw new FormatException(e.Message); }
            case FieldTypeKind.Object when type.CodeLanguage is not null:
                return CodeFromJson(element) ?? throw new FormatException(
                    $"{ValueConverter.Preview(element.GetRawText())} is not code: {type.PythonName} takes a string or an object with a string \"code\".");
            case FieldTypeKind.List or FieldTypeKind.Dictionary or FieldTypeKind.Object:
                if (element.ValueKind == JsonValueKind.String && JsonRepair.TryParse(element.GetString()!, out var inner))
                    element = inner;
                try
                {
                    return DspyJson.Deserialize(element, type.ClrType)
                        ?? throw new FormatException($"null is not a valid {type.PythonName}.");
                }
                catch (JsonException e)
                {
                    throw new FormatException($"{ValueConverter.Preview(element.GetRawText())} does not fit {type.PythonName} ({e.Message}); expected e.g. {Expected(type)}.");
                }
            default:
                return element.Clone();
        }
    }

    /// <summary>
    /// DSPy's reading of a <c>dspy.Code</c> field's text: JSON first (a string, or <c>{"code": ...}</c>), and when that
    /// gives anything else the text itself, each through the fence filter.
    /// </summary>
    private static Code ParseCode(string text) =>
        (JsonRepair.TryParse(text, out var element) ? CodeFromJson(element) : null) ?? Code.FromReply(text);

    private static Code? CodeFromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Code.FromReply(element.GetString()!),
        JsonValueKind.Object when element.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String => Code.FromReply(code.GetString()!),
        _ => null,
    };

    private static string FieldValueFormatterText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => element.GetRawText(),
    };

    private static object ParseInteger(string s, FieldType type)
    {
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ||
            (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18 && (l = (long)d) == d))
        {
            try { return Convert.ChangeType(l, type.ClrType, CultureInfo.InvariantCulture); }
            catch (OverflowException) { throw new FormatException($"{s} does not fit in {type.ClrType.Name}."); }
        }
        throw new FormatException($"'{ValueConverter.Preview(s)}' is not a whole number; expected e.g. 42.");
    }

    private static object ParseFloat(string s, FieldType type)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            throw new FormatException($"'{ValueConverter.Preview(s)}' is not a number; expected e.g. 3.5.");
        return type.ClrType == typeof(double) ? d : Convert.ChangeType(d, type.ClrType, CultureInfo.InvariantCulture);
    }

    private static bool ParseBool(string s) => s.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "t" or "1" or "on" => true,
        "false" or "no" or "n" or "f" or "0" or "off" => false,
        _ => throw new FormatException($"'{ValueConverter.Preview(s)}' is not True or False."),
    };

    private static string ParseLiteral(string text, FieldType type)
    {
        if (type.Choices.Contains(text)) return text;
        var v = text.Trim();
        if ((v.StartsWith("Literal[", StringComparison.Ordinal) || v.StartsWith("str[", StringComparison.Ordinal)) && v.EndsWith(']'))
            v = v[(v.IndexOf('[') + 1)..^1];
        if (v.Length > 1 && v[0] == v[^1] && v[0] is '"' or '\'') v = v[1..^1];
        if (type.Choices.Contains(v)) return v;
        throw new FormatException($"'{ValueConverter.Preview(text)}' is not one of {string.Join("; ", type.Choices)}.");
    }

    private static string Unquote(string text)
    {
        var v = text.Trim();
        if (v.Length > 1 && v[0] == v[^1] && v[0] is '"' or '\'') v = v[1..^1];
        return v;
    }

    private static string Expected(FieldType type) => type.Kind switch
    {
        FieldTypeKind.List => "[\"a\", \"b\"]",
        FieldTypeKind.Dictionary => "{\"key\": value}",
        _ => "a JSON object following the schema in the prompt",
    };
}
