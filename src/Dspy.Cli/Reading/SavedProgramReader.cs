using System.Text.Encodings.Web;
using System.Text.Json;
using Dspy.Fluent;

namespace Dspy.Cli.Reading;

/// <summary>Reads a saved program in either format, deciding which from the file's content rather than its name.</summary>
internal static class SavedProgramReader
{
    private const string FluentFormat = "dspy-fluent/program-state";

    private static readonly JsonSerializerOptions ValueOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ToolInputException">The file is missing, is not JSON, or is neither format.</exception>
    public static async Task<SavedProgram> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new ToolInputException($"{path}: no such file (full path {Path.GetFullPath(path)}). Pass a file written by program.SaveAsync or DSPy's program.save.");
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(json, path);
    }

    /// <summary>Parses saved JSON; <paramref name="path"/> only names the source in messages.</summary>
    public static SavedProgram Parse(string json, string path)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ToolInputException($"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String)
        {
            if (format.GetString() != FluentFormat)
                throw new ToolInputException($"{path}: unknown 'format' \"{format.GetString()}\"; expected \"{FluentFormat}\" or a DSPy program.save() file.");
            return ReadFluent(json, path);
        }
        if (root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Any(IsDspyPredictor))
            return ReadDspy(root, path);
        throw new ToolInputException(
            $"{path}: not a saved program. Expected a Dspy.Fluent file (\"format\": \"{FluentFormat}\") or a DSPy program.save() file (top-level predictor entries with a 'demos' array).");
    }

    private static bool IsDspyPredictor(JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("demos", out var d) && d.ValueKind == JsonValueKind.Array;

    // The library's reader validates the format version and each predictor, so its messages are reused as they are.
    private static SavedProgram ReadFluent(string json, string path)
    {
        ProgramState state;
        try
        {
            state = ProgramState.FromJson(json);
        }
        catch (ProgramStateFormatException e)
        {
            throw new ToolInputException($"{path}: {e.Message}", e);
        }
        var predictors = state.Predictors
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => FromState(p.Key, p.Value))
            .ToList();
        return new SavedProgram(path, SavedProgramKind.DspyFluent, predictors);
    }

    private static SavedPredictor FromState(string name, PredictorState p)
    {
        var fields = p.Signature?.Fields
            .Select(f => $"{(f.IsInput ? "input" : "output")} {f.Name}: {f.Type}{(f.Description is null ? "" : $" ({f.Description})")}")
            .ToList() ?? [];
        var demos = p.Demos.Select(d => Demo(
            d.Where(kv => kv.Key != PredictorState.AugmentedKey).Select(kv => new KeyValuePair<string, string>(kv.Key, Text(kv.Value))),
            d.TryGetValue(PredictorState.AugmentedKey, out var a) && a is true)).ToList();
        var lm = new List<KeyValuePair<string, string>>();
        if (p.Model is not null) lm.Add(new("model", p.Model));
        if (p.Temperature is { } t) lm.Add(new("temperature", t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        if (p.MaxTokens is { } m) lm.Add(new("max_tokens", m.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new SavedPredictor(name, p.Signature?.ToString(), fields, p.Instructions ?? p.Signature?.Instructions, demos, lm);
    }

    // DSPy's file has no program shape to import into here (DspyProgramState.Import needs the predictors), so the
    // entries are read directly: signature.instructions, signature.fields[{prefix, description}], demos and lm.
    private static SavedProgram ReadDspy(JsonElement root, string path)
    {
        var predictors = root.EnumerateObject()
            .Where(IsDspyPredictor)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => FromDspy(p.Name, p.Value))
            .ToList();
        return new SavedProgram(path, SavedProgramKind.Dspy, predictors);
    }

    private static SavedPredictor FromDspy(string name, JsonElement e)
    {
        string? instructions = null;
        var fields = new List<string>();
        if (e.TryGetProperty("signature", out var sig) && sig.ValueKind == JsonValueKind.Object)
        {
            if (sig.TryGetProperty("instructions", out var i) && i.ValueKind == JsonValueKind.String) instructions = i.GetString();
            if (sig.TryGetProperty("fields", out var fs) && fs.ValueKind == JsonValueKind.Array)
                foreach (var f in fs.EnumerateArray())
                    fields.Add($"{StringOf(f, "prefix")} {StringOf(f, "description")}".Trim());
        }
        var demos = e.GetProperty("demos").EnumerateArray()
            .Where(d => d.ValueKind == JsonValueKind.Object)
            .Select(d => Demo(
                d.EnumerateObject().Where(p => p.Name != PredictorState.AugmentedKey).Select(p => new KeyValuePair<string, string>(p.Name, Text(p.Value))),
                d.TryGetProperty(PredictorState.AugmentedKey, out var a) && a.ValueKind == JsonValueKind.True))
            .ToList();
        var lm = new List<KeyValuePair<string, string>>();
        if (e.TryGetProperty("lm", out var l) && l.ValueKind == JsonValueKind.Object)
            foreach (var p in l.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
                lm.Add(new(p.Name, Text(p.Value)));
        // DSPy's fields carry prefixes, not names, so the "a, b -> c" text cannot be rebuilt faithfully; leave it unknown.
        return new SavedPredictor(name, null, fields, instructions, demos, lm);
    }

    private static string StringOf(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static SavedDemo Demo(IEnumerable<KeyValuePair<string, string>> fields, bool bootstrapped) => new(fields.ToList(), bootstrapped);

    private static string Text(object? value) => value switch
    {
        null => "null",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } j => j.GetString()!,
        JsonElement j => JsonSerializer.Serialize(j, ValueOptions),
        _ => JsonSerializer.Serialize(value, value.GetType(), ValueOptions),
    };
}
