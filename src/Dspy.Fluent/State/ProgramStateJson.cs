using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// The versioned JSON form of a <see cref="ProgramState"/>. Written deterministically (predictors by name, demo fields in
/// order, "\n" line ends) so that the same compile gives the same bytes. Never holds an API key or endpoint: only
/// model ids, sampling settings, instructions, demos and signatures.
/// </summary>
internal static class ProgramStateJson
{
    public const string Format = "dspy-fluent/program-state";
    public const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ProgramState state)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteStartObject("predictors");
            foreach (var (name, p) in state.Predictors)
            {
                w.WriteStartObject(name);
                if (p.Signature is { } sig)
                {
                    w.WriteStartObject("signature");
                    w.WriteString("text", sig.ToString());
                    w.WriteString("instructions", sig.Instructions);
                    w.WriteStartObject("descriptions");
                    foreach (var f in sig.Fields.Where(f => f.Description is not null)) w.WriteString(f.Name, f.Description);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                if (p.Instructions is null) w.WriteNull("instructions"); else w.WriteString("instructions", p.Instructions);
                w.WriteStartArray("demos");
                foreach (var demo in p.Demos)
                {
                    w.WriteStartObject();
                    foreach (var (key, value) in demo)
                    {
                        w.WritePropertyName(key);
                        JsonSerializer.Serialize(w, value, value?.GetType() ?? typeof(object), DspyJson.Options);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("lm");
                if (p.Model is null) w.WriteNull("model"); else w.WriteString("model", p.Model);
                if (p.Temperature is { } t) w.WriteNumber("temperature", t); else w.WriteNull("temperature");
                if (p.MaxTokens is { } m) w.WriteNumber("max_tokens", m); else w.WriteNull("max_tokens");
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static ProgramState Read(string json, string source)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ProgramStateFormatException(
                $"{source} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message} The file may be truncated or edited by hand; recompile or restore it.",
                source, inner: e);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
        {
            var hint = root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("demos", out _))
                ? " It looks like a DSPy program.save() file: load it with program.LoadDspyStateAsync(path)."
                : "";
            throw new ProgramStateFormatException($"{source} is not a Dspy.Fluent program state (its 'format' is not \"{Format}\").{hint}", source);
        }
        var version = root.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : -1;
        if (version > Version)
            throw new ProgramStateFormatException($"{source} was written by a newer Dspy.Fluent (format version {version}; this version reads up to {Version}). Upgrade Dspy.Fluent to load it.", source);
        if (version < 1)
            throw new ProgramStateFormatException($"{source} has no valid 'version' (expected 1).", source);
        if (!root.TryGetProperty("predictors", out var predictors) || predictors.ValueKind != JsonValueKind.Object)
            throw new ProgramStateFormatException($"{source} has no 'predictors' object.", source);

        var state = ProgramState.Empty;
        foreach (var entry in predictors.EnumerateObject())
            state = state.With(entry.Name, ReadPredictor(entry.Name, entry.Value, source));
        return state;
    }

    private static PredictorState ReadPredictor(string name, JsonElement e, string source)
    {
        ProgramStateFormatException Bad(string what) =>
            new($"{source}: predictor '{name}' {what}. Recompile the program or restore the file.", source, name);

        if (e.ValueKind != JsonValueKind.Object) throw Bad("is not a JSON object");
        Signature? signature = null;
        if (e.TryGetProperty("signature", out var sig) && sig.ValueKind == JsonValueKind.Object)
            signature = ReadSignature(sig);
        var instructions = e.TryGetProperty("instructions", out var ins) && ins.ValueKind == JsonValueKind.String ? ins.GetString() : null;
        if (!e.TryGetProperty("demos", out var demos) || demos.ValueKind != JsonValueKind.Array) throw Bad("has no 'demos' array");
        var list = new List<Example>();
        var index = 0;
        foreach (var demo in demos.EnumerateArray())
        {
            index++;
            if (demo.ValueKind != JsonValueKind.Object) throw Bad($"has demo {index} that is not a JSON object");
            list.Add(Example.From(demo.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, JsonFieldValue.Read(p.Value)))));
        }
        string? model = null;
        float? temperature = null;
        int? maxTokens = null;
        if (e.TryGetProperty("lm", out var lm) && lm.ValueKind == JsonValueKind.Object)
        {
            model = lm.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            temperature = lm.TryGetProperty("temperature", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetSingle() : null;
            maxTokens = lm.TryGetProperty("max_tokens", out var x) && x.ValueKind == JsonValueKind.Number ? x.GetInt32() : null;
        }
        return new PredictorState { Signature = signature, Instructions = instructions, Demos = list, Model = model, Temperature = temperature, MaxTokens = maxTokens };
    }

    /// <summary>Reads a saved signature; one naming a custom type it cannot resolve stays null (the program supplies it on load).</summary>
    private static Signature? ReadSignature(JsonElement sig)
    {
        if (!sig.TryGetProperty("text", out var text) || text.GetString() is not { } t) return null;
        try
        {
            var instructions = sig.TryGetProperty("instructions", out var i) ? i.GetString() : null;
            var signature = Signature.Parse(t, instructions);
            if (sig.TryGetProperty("descriptions", out var d) && d.ValueKind == JsonValueKind.Object)
                foreach (var p in d.EnumerateObject())
                    if (signature.FindField(p.Name) is not null) signature = signature.WithFieldDescription(p.Name, p.Value.GetString());
            return signature;
        }
        catch (SignatureFormatException)
        {
            return null;
        }
    }
}
