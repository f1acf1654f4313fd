using System.Collections;
using System.Text;
using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Renders a field value into prompt text exactly as DSPy's <c>format_field_value</c> does: a list given to a text
/// field becomes numbered <c>[1] «…»</c> lines, lists and objects become Python-style JSON, scalars their Python text.
/// </summary>
internal static class FieldValueFormatter
{
    public static string Format(Field field, object? value)
    {
        if (MediaParts.Marker(field, value) is { } media) return media;
        if (field.Type.IsString && AsTextList(value) is { } items)
            return FormatNumbered(items);
        return value switch
        {
            null => "None",
            string s => s,
            Code code => code.Text, // dspy.Code formats as its code
            Microsoft.Extensions.AI.AIFunction tool => ReActPrompts.DescribeTool(tool), // dspy.Tool formats as str(tool)
            Citations citations => CitationsJsonConverter.SavedForm(citations), // DSPy writes its custom-type marker here
            bool b => b ? "True" : "False",
            double d => PythonFloat.Format(d),
            float f => PythonFloat.Format(f),
            decimal m => PythonFloat.Format((double)m),
            long or int or short or byte or sbyte or uint or ulong or ushort => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
            Enum e => EnumText.Name(e),
            JsonElement je => FormatJson(je),
            _ => PythonJson.Serialize(value),
        };
    }

    private static string FormatJson(JsonElement je) => je.ValueKind switch
    {
        JsonValueKind.String => je.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Null or JsonValueKind.Undefined => "None",
        _ => PythonJson.Serialize(je),
    };

    private static List<object?>? AsTextList(object? value) => value switch
    {
        null or string => null,
        JsonElement { ValueKind: JsonValueKind.Array } je => je.EnumerateArray().Select(x => (object?)x).ToList(),
        JsonElement => null,
        IDictionary => null,
        IEnumerable seq when value.GetType().IsArray || value.GetType().IsGenericType => seq.Cast<object?>().ToList(),
        _ => null,
    };

    private static string FormatNumbered(List<object?> items)
    {
        if (items.Count == 0) return "N/A";
        if (items.Count == 1) return Blob(Text(items[0]));
        var sb = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append('\n');
            sb.Append('[').Append(i + 1).Append("] ").Append(Blob(Text(items[i])));
        }
        return sb.ToString();
    }

    private static string Text(object? item) => item switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } je => je.GetString()!,
        _ => (string)ValueConverter.To(item, typeof(string))!,
    };

    private static string Blob(string text)
    {
        if (!text.Contains('\n') && !text.Contains('«') && !text.Contains('»')) return $"«{text}»";
        return $"«««\n    {text.Replace("\n", "\n    ")}\n»»»";
    }
}
