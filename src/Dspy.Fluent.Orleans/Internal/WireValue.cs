using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// Program inputs and outputs on the wire: examples and predictions as the evaluation report writes them (fields and
/// input keys), every other type through System.Text.Json with <see cref="DspyJson"/>'s options, which is how the
/// adapters already map typed signatures to JSON.
/// </summary>
internal static class WireValue<T>
{
    public static void Write(Utf8JsonWriter w, T? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case Example example:
                EvaluationJsonWriter.WriteExample(w, example);
                break;
            case Prediction prediction:
                EvaluationJsonWriter.WriteFields(w, prediction);
                break;
            default:
                JsonSerializer.Serialize(w, value, typeof(T), DspyJson.Options);
                break;
        }
    }

    public static T? Read(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null) return default;
        if (typeof(T) == typeof(Example)) return (T)(object)EvaluationJsonReader.ReadExample(e);
        if (typeof(T) == typeof(Prediction)) return (T)(object)new Prediction(EvaluationJsonReader.ReadFields(e));
        return (T?)e.Deserialize(typeof(T), DspyJson.Options);
    }
}
