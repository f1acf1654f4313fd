using Dspy.Fluent.Internal;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dspy.Fluent;

/// <summary>
/// Reads <see cref="Citations"/> from the JSON shapes DSPy's validator accepts (a list of citation objects, an object
/// with a <c>citations</c> list, one citation object) and writes DSPy's <c>format()</c> list; citation keys are DSPy's.
/// </summary>
internal sealed class CitationsJsonConverter : JsonConverter<Citations>
{
    public override Citations Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return From(document.RootElement);
    }

    /// <summary>The citations <paramref name="element"/> holds, or a <see cref="JsonException"/> naming what is wrong.</summary>
    public static Citations From(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String && element.GetString() is { } text && text.StartsWith(DspyStart, StringComparison.Ordinal) && text.EndsWith(DspyEnd, StringComparison.Ordinal))
        {
            using var inner = JsonDocument.Parse(text.AsMemory(DspyStart.Length, text.Length - DspyStart.Length - DspyEnd.Length));
            return From(inner.RootElement.Clone());
        }
        if (element.ValueKind == JsonValueKind.Array) return new Citations(element.EnumerateArray().Select((e, i) => One(e, i)));
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("citations", out var list) && list.ValueKind == JsonValueKind.Array)
            return new Citations(list.EnumerateArray().Select((e, i) => One(e, i)));
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("cited_text", out _)) return new Citations([One(element, 0)]);
        throw new JsonException($"{Preview(element)} is not Citations: expected a list of citation objects, an object with a \"citations\" list, " +
                                "or one citation object, each with \"cited_text\", \"document_index\", \"start_char_index\" and \"end_char_index\".");
    }

    // DSPy's custom-type markers: a demo's citations are written (and a saved state holds them) as format()'s list between them.
    private const string DspyStart = "<<CUSTOM-TYPE-START-IDENTIFIER>>";
    private const string DspyEnd = "<<CUSTOM-TYPE-END-IDENTIFIER>>";

    /// <summary>The citations as DSPy writes them in a demo and a saved state: its marker around <c>format()</c>'s list.</summary>
    public static string SavedForm(Citations citations) =>
        DspyStart + PythonJson.Serialize(citations.Select(c =>
        {
            var d = new Dictionary<string, object?> { ["type"] = c.Type, ["cited_text"] = c.CitedText, ["document_index"] = (long)c.DocumentIndex,
                ["start_char_index"] = (long)c.StartCharIndex, ["end_char_index"] = (long)c.EndCharIndex };
            if (!string.IsNullOrEmpty(c.DocumentTitle)) d["document_title"] = c.DocumentTitle;
            if (!string.IsNullOrEmpty(c.SupportedText)) d["supported_text"] = c.SupportedText;
            return d;
        }).ToList()) + DspyEnd;

    private static Citation One(JsonElement e, int index)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new JsonException($"Citation {index} is {Preview(e)}, not an object with \"cited_text\".");
        var missing = new[] { "cited_text", "document_index", "start_char_index", "end_char_index" }.Where(k => !e.TryGetProperty(k, out _)).ToArray();
        if (missing.Length > 0) throw new JsonException($"Citation {index} lacks {string.Join(", ", missing.Select(k => $"\"{k}\""))}: a citation needs cited_text, document_index, start_char_index and end_char_index.");
        return new Citation(Text(e, "cited_text", index)!, Int(e, "document_index", index), Int(e, "start_char_index", index), Int(e, "end_char_index", index),
            Text(e, "document_title", index), Text(e, "supported_text", index))
        { Type = Text(e, "type", index) ?? "char_location" };
    }

    private static string? Text(JsonElement e, string key, int index) => !e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new JsonException($"Citation {index}'s \"{key}\" is {Preview(v)}, not a string.");

    private static int Int(JsonElement e, string key, int index)
    {
        var v = e.GetProperty(key);
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out n)) return n; // pydantic's lax mode
        throw new JsonException($"Citation {index}'s \"{key}\" is {Preview(v)}, not a whole number.");
    }

    private static string Preview(JsonElement e) { var raw = e.GetRawText(); return raw.Length <= 80 ? raw : raw[..77] + "..."; }

    public override void Write(Utf8JsonWriter writer, Citations value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var c in value)
        {
            writer.WriteStartObject();
            writer.WriteString("type", c.Type);
            writer.WriteString("cited_text", c.CitedText);
            writer.WriteNumber("document_index", c.DocumentIndex);
            writer.WriteNumber("start_char_index", c.StartCharIndex);
            writer.WriteNumber("end_char_index", c.EndCharIndex);
            if (!string.IsNullOrEmpty(c.DocumentTitle)) writer.WriteString("document_title", c.DocumentTitle);
            if (!string.IsNullOrEmpty(c.SupportedText)) writer.WriteString("supported_text", c.SupportedText);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
