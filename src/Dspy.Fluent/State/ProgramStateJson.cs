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
                        DspyJson.Serialize(w, value, value?.GetType() ?? typeof(object));
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
        var check = new StateJsonChecker();
        var isState = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var format) &&
                      format.ValueKind == JsonValueKind.String && format.GetString() == Format;
        if (!isState)
        {
            // A file with our other top-level members but a mangled 'format' is ours, edited: report it with the rest.
            // Anything else is some other file, and listing its "problems" would only bury the one useful sentence.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("version", out _) && root.TryGetProperty("predictors", out _))
                check.Add("format", null, $"the string \"{Format}\"", root.TryGetProperty("format", out var f) ? StateJsonChecker.Describe(f) : "nothing (it is missing)");
            else
            {
                var hint = root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("demos", out _))
                    ? " It looks like a DSPy program.save() file: load it with program.LoadDspyStateAsync(path)."
                    : "";
                throw new ProgramStateFormatException($"{source} is not a Dspy.Fluent program state (its 'format' is not \"{Format}\").{hint}", source);
            }
        }
        if (!root.TryGetProperty("version", out var v))
            check.Add("version", null, $"the whole number {Version}", "nothing (it is missing)");
        else if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version) || version < 1)
            check.Add("version", null, $"the whole number {Version}", v);
        else if (version > Version)
            throw new ProgramStateFormatException($"{source} was written by a newer Dspy.Fluent (format version {version}; this version reads up to {Version}). Upgrade Dspy.Fluent to load it.", source);

        var state = ProgramState.Empty;
        if (!root.TryGetProperty("predictors", out var predictors) || predictors.ValueKind != JsonValueKind.Object)
            check.Add("predictors", null, "an object of predictor states by name", predictors.ValueKind == JsonValueKind.Undefined ? "nothing (it is missing)" : StateJsonChecker.Describe(predictors));
        else
            foreach (var entry in predictors.EnumerateObject())
                if (ReadPredictor(entry.Name, entry.Value, check) is { } read) state = state.With(entry.Name, read);
        if (check.Problems.Count > 0) throw check.ToException(source, "Recompile the program or restore the file.");
        return state;
    }

    /// <summary>Reads one predictor's state, adding every wrong value to <paramref name="check"/>; null when it is not an object.</summary>
    private static PredictorState? ReadPredictor(string name, JsonElement e, StateJsonChecker check)
    {
        var path = $"predictors.{name}";
        if (e.ValueKind != JsonValueKind.Object)
        {
            check.Add(path, name, "an object", e);
            return null;
        }
        Signature? signature = null;
        if (check.OptionalObject(e, "signature", $"{path}.signature", name, out var sig))
            signature = ReadSignature(sig, $"{path}.signature", name, check);
        var instructions = check.OptionalString(e, "instructions", $"{path}.instructions", name);
        var list = new List<Example>();
        if (!e.TryGetProperty("demos", out var demos) || demos.ValueKind != JsonValueKind.Array)
            check.Add($"{path}.demos", name, "a list of demo objects", demos.ValueKind == JsonValueKind.Undefined ? "nothing (it is missing)" : StateJsonChecker.Describe(demos));
        else
        {
            var index = 0;
            foreach (var demo in demos.EnumerateArray())
            {
                if (demo.ValueKind != JsonValueKind.Object) check.Add($"{path}.demos[{index}]", name, "an object of field values", demo);
                else list.Add(Example.From(demo.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, JsonFieldValue.Read(p.Value)))));
                index++;
            }
        }
        string? model = null;
        float? temperature = null;
        int? maxTokens = null;
        if (check.OptionalObject(e, "lm", $"{path}.lm", name, out var lm))
        {
            model = check.OptionalString(lm, "model", $"{path}.lm.model", name);
            temperature = check.Temperature(lm, $"{path}.lm.temperature", name);
            maxTokens = check.MaxTokens(lm, $"{path}.lm.max_tokens", name);
        }
        return new PredictorState { Signature = signature, Instructions = instructions, Demos = list, Model = model, Temperature = temperature, MaxTokens = maxTokens };
    }

    /// <summary>Reads a saved signature; one naming a custom type it cannot resolve stays null (the program supplies it on load).</summary>
    private static Signature? ReadSignature(JsonElement sig, string path, string predictor, StateJsonChecker check)
    {
        var problems = check.Problems.Count;
        var text = check.OptionalString(sig, "text", $"{path}.text", predictor);
        var instructions = check.OptionalString(sig, "instructions", $"{path}.instructions", predictor);
        var descriptions = new List<(string Field, string? Text)>();
        if (check.OptionalObject(sig, "descriptions", $"{path}.descriptions", predictor, out var d))
            foreach (var p in d.EnumerateObject())
                descriptions.Add((p.Name, check.OptionalString(d, p.Name, $"{path}.descriptions.{p.Name}", predictor)));
        if (text is null || check.Problems.Count > problems) return null;
        try
        {
            var signature = Signature.Parse(text, instructions);
            foreach (var (field, description) in descriptions)
                if (signature.FindField(field) is not null) signature = signature.WithFieldDescription(field, description);
            return signature;
        }
        catch (SignatureFormatException)
        {
            return null;
        }
    }
}
