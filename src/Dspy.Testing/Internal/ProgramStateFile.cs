using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The compile cache's own file format (<c>dspy-fluent-compile-cache/1</c>): the key it was compiled for, and each
/// predictor's instructions, demos, model, temperature and max tokens. Internal to the fixture cache; the library's
/// saved-program format is separate and may replace this.
/// </summary>
internal static class ProgramStateFile
{
    public const string Format = "dspy-fluent-compile-cache/1";

    public static string ToJson(ProgramState state, string? key)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = key is not null, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            if (key is not null) w.WriteString("key", key);
            w.WriteStartObject("predictors");
            foreach (var (name, predictor) in state.Predictors) // ordered by name
            {
                w.WriteStartObject(name);
                w.WriteString("instructions", predictor.Instructions);
                w.WriteString("model", predictor.Model);
                if (predictor.Temperature is { } t) w.WriteNumber("temperature", t); else w.WriteNull("temperature");
                if (predictor.MaxTokens is { } m) w.WriteNumber("max_tokens", m); else w.WriteNull("max_tokens");
                w.WriteStartArray("demos");
                foreach (var demo in predictor.Demos) ExampleJson.Write(w, demo);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The state stored in <paramref name="json"/> when it was written for <paramref name="key"/>; null otherwise.</summary>
    public static ProgramState? FromJson(string json, string key)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("format", out var format) || format.GetString() != Format) return null;
        if (!root.TryGetProperty("key", out var stored) || stored.GetString() != key) return null;
        var state = ProgramState.Empty;
        foreach (var predictor in root.GetProperty("predictors").EnumerateObject())
        {
            var p = predictor.Value;
            state = state.With(predictor.Name, new PredictorState
            {
                Instructions = p.GetProperty("instructions").GetString(),
                Model = p.GetProperty("model").GetString(),
                Temperature = p.GetProperty("temperature") is { ValueKind: JsonValueKind.Number } t ? t.GetSingle() : null,
                MaxTokens = p.GetProperty("max_tokens") is { ValueKind: JsonValueKind.Number } m ? m.GetInt32() : null,
                Demos = p.GetProperty("demos").EnumerateArray().Select(ExampleJson.Read).ToArray(),
            });
        }
        return state;
    }

    public static string Describe(ProgramState state) =>
        string.Join(", ", state.Predictors.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value.Demos.Count} demos")));
}
