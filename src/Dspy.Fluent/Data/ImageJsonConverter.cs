using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dspy.Fluent;

/// <summary>An <see cref="Image"/> in JSON is the marker string DSPy's <c>dump_state</c> writes for it, so saved programs match DSPy's.</summary>
internal sealed class ImageJsonConverter : JsonConverter<Image>
{
    public override Image Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return ImageParts.FromSavedForm(text) ?? throw new JsonException(
            "An image in JSON must be DSPy's image marker string (\"<<CUSTOM-TYPE-START-IDENTIFIER>>[{\"type\": \"image_url\", ...}]<<CUSTOM-TYPE-END-IDENTIFIER>>\"), as a saved program holds it.");
    }

    public override void Write(Utf8JsonWriter writer, Image value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ImageParts.SavedForm(value));
}
