using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dspy.Fluent;

/// <summary>A <see cref="Code"/> in JSON is its text, as DSPy's <c>dump_state</c> writes it; <c>{"code": "..."}</c> reads too.</summary>
internal sealed class CodeJsonConverter : JsonConverter<Code>
{
    public override Code Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return Code.FromReply(reader.GetString()!);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                return Code.FromReply(code.GetString()!);
        }
        throw new JsonException("Code in JSON must be a string, or an object with a string \"code\" (as dspy.Code validates it).");
    }

    public override void Write(Utf8JsonWriter writer, Code value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
