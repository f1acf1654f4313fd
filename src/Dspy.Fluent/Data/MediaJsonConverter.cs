using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dspy.Fluent;

/// <summary>
/// An <see cref="Image"/>, <see cref="Audio"/> or <see cref="FileInput"/> in JSON is the marker string DSPy's <c>dump_state</c>
/// writes for it, so saved programs match DSPy's.
/// </summary>
internal sealed class MediaJsonConverter<T> : JsonConverter<T> where T : class, IMediaValue
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return MediaParts.FromSavedForm(text) as T ?? throw new JsonException(
            $"{MediaParts.Noun(typeof(T)).Article} in JSON must be DSPy's {MediaParts.Noun(typeof(T)).Singular} marker string (\"<<CUSTOM-TYPE-START-IDENTIFIER>>[{{\"type\": \"{MediaParts.PartType(typeof(T))}\", ...}}]<<CUSTOM-TYPE-END-IDENTIFIER>>\"), as a saved program holds it.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(MediaParts.SavedForm(value));
}
