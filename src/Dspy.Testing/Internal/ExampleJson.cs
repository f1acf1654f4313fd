using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Examples to and from JSON for this package: devset files, xunit serialization and the compile cache.
/// Kept small and separate so it can give way to the library's dataset loader once that exists.
/// </summary>
internal static class ExampleJson
{
    private static readonly JsonSerializerOptions ValueOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>A JSON object's properties as an example.</summary>
    public static Example FromObject(JsonElement obj) => Example.FromJson(obj);

    /// <summary>Writes <c>{"fields": {...}, "inputs": [...]}</c>; field keys in their order, values as JSON.</summary>
    public static void Write(Utf8JsonWriter w, Example example, bool sortKeys = false)
    {
        w.WriteStartObject();
        w.WriteStartObject("fields");
        var keys = sortKeys ? example.Keys.Order(StringComparer.Ordinal) : example.Keys;
        foreach (var key in keys)
        {
            w.WritePropertyName(key);
            WriteValue(w, example[key]);
        }
        w.WriteEndObject();
        w.WriteStartArray("inputs");
        foreach (var key in example.InputKeys) w.WriteStringValue(key);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        if (value is null) w.WriteNullValue();
        else JsonSerializer.Serialize(w, value, value.GetType(), ValueOptions);
    }

    public static Example Read(JsonElement element)
    {
        var fields = FromObject(element.GetProperty("fields"));
        var inputs = element.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()!).ToArray();
        return fields.WithInputs(inputs);
    }

    /// <summary>For xunit's serializer: <see cref="Write"/>'s object plus the devset row number when the example has one
    /// (<see cref="DevsetRowNumbers"/>), so a row enumerated at discovery still names its number when it runs.</summary>
    public static string ToJson(Example example)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WritePropertyName("example");
            Write(w, example);
            if (DevsetRowNumbers.Of(example) is { } row) w.WriteNumber("row", row);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static Example FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var example = Read(document.RootElement.GetProperty("example"));
        return document.RootElement.TryGetProperty("row", out var row) ? DevsetRowNumbers.Remember(example, row.GetInt32()) : example;
    }
}
