using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Reads and writes DSPy's <c>program.save("x.json")</c> state format, so a program compiled in Python runs here and
/// the other way round, for the same program shape.
/// </summary>
/// <remarks>
/// DSPy keys predictors by attribute path: a <c>dspy.Predict</c> attribute <c>qa</c> is <c>qa</c>, a
/// <c>dspy.ChainOfThought</c> attribute <c>generate_answer</c> is <c>generate_answer.predict</c>, and a program that is
/// itself a ChainOfThought is <c>predict</c>. By default the <c>.predict</c> suffix is dropped to find the predictor here;
/// pass a name map when names differ. DSPy saves signature fields by position (prefix and description only), so the
/// field count must match; field descriptions in the file are not applied (the program's own signature is used).
/// </remarks>
public static class DspyProgramState
{
    /// <summary>The DSPy version whose format this writes.</summary>
    public const string DspyVersion = "3.3.1";

    /// <summary>Converts a DSPy state file's JSON into a <see cref="ProgramState"/> for <paramref name="predictors"/>.</summary>
    /// <param name="json">The content of a DSPy <c>program.save</c> JSON file.</param>
    /// <param name="predictors">The predictors of the program that will run it.</param>
    /// <param name="mapName">Maps a DSPy key to a predictor name; null for the default (drop <c>.predict</c>).</param>
    /// <param name="source">The file name, for messages.</param>
    /// <exception cref="ProgramStateFormatException">Invalid JSON, an unknown predictor, or a field count that does not match.</exception>
    public static ProgramState Import(string json, IReadOnlyList<IPredictor> predictors, Func<string, string>? mapName = null, string source = "DSPy state")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(predictors);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ProgramStateFormatException($"{source} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", source, inner: e);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new ProgramStateFormatException($"{source} is not a DSPy state file (expected a JSON object of predictors).", source);

        var byName = predictors.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var state = ProgramState.Empty;
        foreach (var entry in root.EnumerateObject().Where(e => e.Name != "metadata"))
        {
            var name = mapName?.Invoke(entry.Name) ?? DefaultName(entry.Name, byName);
            if (!byName.TryGetValue(name, out var predictor))
                throw new ProgramStateFormatException(
                    $"{source} has the DSPy predictor '{entry.Name}' (mapped to '{name}'), which the program does not have; its predictors are " +
                    $"{(byName.Count == 0 ? "unknown (declare them with program.Uses(...))" : string.Join(", ", byName.Keys))}. Pass a name map.", source, entry.Name);
            state = state.With(name, ReadPredictor(entry.Value, predictor, source, entry.Name));
        }
        return state.ValidateFor(predictors, source);
    }

    /// <summary>Writes <paramref name="state"/> in DSPy's format for the program whose predictors are <paramref name="predictors"/>.</summary>
    /// <param name="state">The state to write.</param>
    /// <param name="predictors">The program's predictors (their signatures and kinds decide the DSPy keys and fields).</param>
    public static string Export(ProgramState state, IReadOnlyList<IPredictor> predictors)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(predictors);
        var root = new OrderedDictionary<string, object?>();
        foreach (var predictor in predictors)
        {
            var s = state.Find(predictor.Name) ?? PredictorState.Empty;
            var signature = predictor.Signature.WithInstructions(s.Instructions ?? predictor.Signature.Instructions);
            root[predictor.Kind == "ChainOfThought" ? predictor.Name + ".predict" : predictor.Name] = new OrderedDictionary<string, object?>
            {
                ["traces"] = Array.Empty<object>(),
                ["train"] = Array.Empty<object>(),
                ["demos"] = s.Demos.Select(d => (IReadOnlyDictionary<string, object?>)d).ToArray(),
                ["signature"] = new OrderedDictionary<string, object?>
                {
                    ["instructions"] = signature.Instructions,
                    ["fields"] = signature.Fields.Select(f => new OrderedDictionary<string, object?>
                    {
                        ["prefix"] = f.Prefix,
                        ["description"] = f.Description ?? $"${{{f.Name}}}",
                    }).ToArray(),
                },
                ["lm"] = s.Model is null ? null : new OrderedDictionary<string, object?> { ["model"] = s.Model, ["temperature"] = s.Temperature, ["max_tokens"] = s.MaxTokens },
            };
        }
        root["metadata"] = new OrderedDictionary<string, object?>
        {
            ["dependency_versions"] = new OrderedDictionary<string, object?> { ["python"] = "3.11", ["dspy"] = DspyVersion, ["cloudpickle"] = "2.1" },
        };
        return PythonJson.Serialize(root, indent: 2);
    }

    private static string DefaultName(string key, Dictionary<string, IPredictor> byName)
    {
        var name = key.EndsWith(".predict", StringComparison.Ordinal) ? key[..^".predict".Length] : key;
        if (!byName.ContainsKey(name) && key == "predict" && byName.Count == 1) return byName.Keys.Single();
        return name;
    }

    private static PredictorState ReadPredictor(JsonElement e, IPredictor predictor, string source, string key)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("demos", out var demos) || demos.ValueKind != JsonValueKind.Array)
            throw new ProgramStateFormatException($"{source}: '{key}' is not a DSPy predictor state (no 'demos' array).", source, predictor.Name);
        string? instructions = null;
        if (e.TryGetProperty("signature", out var sig) && sig.ValueKind == JsonValueKind.Object)
        {
            if (sig.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array && fields.GetArrayLength() != predictor.Signature.Fields.Count)
                throw new ProgramStateFormatException(
                    $"{source}: '{key}' has {fields.GetArrayLength()} signature fields but predictor '{predictor.Name}' has {predictor.Signature.Fields.Count} " +
                    $"({string.Join(", ", predictor.Signature.Fields.Select(f => f.Name))}). Load it into the program shape it was compiled for.", source, predictor.Name);
            var saved = sig.TryGetProperty("instructions", out var i) ? i.GetString() : null;
            if (saved is not null && saved != predictor.Signature.Instructions) instructions = saved;
        }
        var list = demos.EnumerateArray().Select(d => Example.From(d.EnumerateObject()
            .Select(p => new KeyValuePair<string, object?>(p.Name, JsonFieldValue.Read(p.Value))))).ToList();
        string? model = null;
        if (e.TryGetProperty("lm", out var lm) && lm.ValueKind == JsonValueKind.Object && lm.TryGetProperty("model", out var m))
            model = m.GetString();
        return new PredictorState { Instructions = instructions, Demos = list, Model = model, Signature = predictor.Signature };
    }
}
