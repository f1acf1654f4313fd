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
    /// <exception cref="ProgramStateFormatException">Invalid JSON, or a file that does not fit the predictors.</exception>
    public static ProgramState Import(string json, IReadOnlyList<IPredictor> predictors, Func<string, string>? mapName = null, string source = "DSPy state") =>
        Import(json, ProgramStructure.Of(predictors ?? throw new ArgumentNullException(nameof(predictors))), new DspyImportOptions { MapName = mapName }, source);

    /// <summary>Converts a DSPy state file's JSON into a <see cref="ProgramState"/> for the program whose structure is <paramref name="structure"/>.</summary>
    /// <param name="json">The content of a DSPy <c>program.save</c> JSON file.</param>
    /// <param name="structure">The structure of the program that will run it.</param>
    /// <param name="options">Name mapping and field-type assumption.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <exception cref="ProgramStateFormatException">Invalid JSON, or a file that does not fit: a predictor the program lacks or
    /// one it has that the file lacks, another field count or field names, or a typed field the file cannot vouch for. Every
    /// problem is listed.</exception>
    public static ProgramState Import(string json, ProgramStructure structure, DspyImportOptions options, string source = "DSPy state")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(options);
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

        var problems = new List<(string Predictor, string Problem)>();
        var check = new StateJsonChecker();
        var state = ProgramState.Empty;
        // A bare dspy.Predict saves its own state at the top level (no predictor key): it is the program's one predictor.
        if (IsBarePredictor(root))
        {
            if (structure.Predictors.Count != 1)
                throw new ProgramStateFormatException(
                    $"{source} is the state of one bare DSPy Predict (demos and signature at the top level), but this program has {structure.Predictors.Count} predictors " +
                    $"({string.Join(", ", structure.Predictors.Select(p => $"'{p.Name}'"))}); load it onto that one predictor, e.g. predictor.LoadDspyStateAsync(path). Nothing was applied.", source);
            var only = structure.Predictors[0];
            if (ReadPredictor(root, only, options, "(top level)", problems, check) is { } read) state = state.With(only.Name, read);
        }
        else foreach (var entry in root.EnumerateObject().Where(e => e.Name != "metadata"))
        {
            var name = options.MapName?.Invoke(entry.Name) ?? DefaultName(entry.Name, structure);
            if (structure.Find(name) is not { } predictor)
            {
                problems.Add((entry.Name, $"the DSPy predictor '{entry.Name}' (mapped to '{name}') is not in the program (its predictors: " +
                                          $"{(structure.Predictors.Count == 0 ? "none" : string.Join(", ", structure.Predictors.Select(p => $"'{p.Name}'")))}); pass a name map if names differ"));
                continue;
            }
            if (ReadPredictor(entry.Value, predictor, options, entry.Name, problems, check) is { } read) state = state.With(name, read);
        }
        // Wrongly typed values are listed with the shape mismatches, so one message holds everything to fix.
        problems.AddRange(check.Problems.Select(p => (p.Predictor ?? "", p.ToString())));
        foreach (var p in structure.Predictors)
            if (state.Find(p.Name) is null && !problems.Any(x => x.Predictor == p.Name))
                problems.Add((p.Name, $"predictor '{p.Name}' of the program has no entry in the file (expected '{DspyKey(p)}')"));
        if (problems.Count > 0)
            throw new ProgramStateFormatException(
                $"{source} does not fit this program ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n" +
                string.Join("\n", problems.Select(p => "  - " + p.Problem)) + "\nNothing was applied.", source, problems[0].Predictor, check.Problems);
        return state.ValidateFor(structure, source, requireEveryPredictor: true);
    }

    /// <summary>Writes <paramref name="state"/> in DSPy's format for the program whose predictors are <paramref name="predictors"/>.</summary>
    /// <param name="state">The state to write.</param>
    /// <param name="predictors">The program's predictors (their signatures and kinds decide the DSPy keys and fields).</param>
    public static string Export(ProgramState state, IReadOnlyList<IPredictor> predictors)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(predictors);
        return Export(ProgramStructure.Of(predictors).WithState(state));
    }

    /// <summary>Writes a program's state in DSPy's format: one entry per declared predictor, keyed as DSPy keys it.</summary>
    /// <param name="structure">The program's structure (<c>program.Structure</c>), with its state.</param>
    /// <exception cref="InvalidOperationException">The program cannot be saved as one file (<see cref="ProgramStructure.NotSaveableReason"/>).</exception>
    public static string Export(ProgramStructure structure)
    {
        ArgumentNullException.ThrowIfNull(structure);
        if (structure.NotSaveableReason is { } reason) throw new InvalidOperationException($"This program cannot be saved as one file: {reason}.");
        var root = new OrderedDictionary<string, object?>();
        foreach (var predictor in structure.Predictors)
        {
            var s = structure.State.Find(predictor.Name) ?? PredictorState.Empty;
            var signature = predictor.Signature.WithInstructions(s.Instructions ?? predictor.Signature.Instructions);
            root[DspyKey(predictor)] = new OrderedDictionary<string, object?>
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

    /// <summary>DSPy's key for a predictor: a ChainOfThought's inner Predict is its <c>.predict</c> attribute.</summary>
    private static string DspyKey(IPredictor p) => p.Kind == PredictorKind.ChainOfThought ? p.Name + ".predict" : p.Name;

    private static bool IsBarePredictor(JsonElement root) =>
        root.TryGetProperty("demos", out var demos) && demos.ValueKind == JsonValueKind.Array &&
        root.TryGetProperty("signature", out var signature) && signature.ValueKind == JsonValueKind.Object;

    private static string DefaultName(string key, ProgramStructure structure)
    {
        var name = key.EndsWith(".predict", StringComparison.Ordinal) ? key[..^".predict".Length] : key;
        if (structure.Find(name) is null && key == "predict" && structure.Predictors.Count == 1) return structure.Predictors[0].Name;
        return name;
    }

    private static PredictorState? ReadPredictor(JsonElement e, IPredictor predictor, DspyImportOptions options, string key, List<(string, string)> problems,
        StateJsonChecker check)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("demos", out var demos) || demos.ValueKind != JsonValueKind.Array)
        {
            problems.Add((predictor.Name, $"'{key}' is not a DSPy predictor state (no 'demos' array)"));
            return null;
        }
        var fieldsOk = true;
        string? instructions = null;
        var before = check.Problems.Count;
        if (check.OptionalObject(e, "signature", $"{key}.signature", predictor.Name, out var sig))
        {
            if (sig.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array)
                fieldsOk = CheckFields(fields, predictor, options, key, problems, check);
            else if (fields.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
                check.Add($"{key}.signature.fields", predictor.Name, "a list of field objects", fields);
            var saved = check.OptionalString(sig, "instructions", $"{key}.signature.instructions", predictor.Name);
            if (saved is not null && saved != predictor.Signature.Instructions) instructions = saved;
        }
        var list = new List<Example>();
        var index = 0;
        foreach (var d in demos.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Object) check.Add($"{key}.demos[{index}]", predictor.Name, "an object of field values", d);
            else list.Add(Example.From(d.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, JsonFieldValue.Read(p.Value)))));
            index++;
        }
        string? model = null;
        if (check.OptionalObject(e, "lm", $"{key}.lm", predictor.Name, out var lm))
        {
            model = check.OptionalString(lm, "model", $"{key}.lm.model", predictor.Name);
            // Not applied (the program's own settings stay), but checked: a file with "temperature": "hot" is corrupt.
            check.Temperature(lm, $"{key}.lm.temperature", predictor.Name);
            check.MaxTokens(lm, $"{key}.lm.max_tokens", predictor.Name);
        }
        if (!fieldsOk || check.Problems.Count > before) return null;
        return new PredictorState { Instructions = instructions, Demos = list, Model = model, Signature = predictor.Signature };
    }

    /// <summary>
    /// DSPy saves fields by position with their prefix (derived from the name unless customised): the count must match,
    /// a prefix that is another field's default means another field, and a typed field needs the caller's word.
    /// </summary>
    private static bool CheckFields(JsonElement fields, IPredictor predictor, DspyImportOptions options, string key, List<(string, string)> problems,
        StateJsonChecker check)
    {
        var declared = predictor.Signature.Fields;
        if (fields.GetArrayLength() != declared.Count)
        {
            problems.Add((predictor.Name, $"'{key}' has {fields.GetArrayLength()} signature fields but predictor '{predictor.Name}' has {declared.Count} " +
                                          $"({string.Join(", ", declared.Select(f => f.Name))}); load it into the program shape it was compiled for"));
            return false;
        }
        var ok = true;
        var i = 0;
        foreach (var saved in fields.EnumerateArray())
        {
            var field = declared[i++];
            string? prefix = null;
            if (saved.ValueKind != JsonValueKind.Object)
                check.Add($"{key}.signature.fields[{i - 1}]", predictor.Name, "an object with 'prefix' and 'description'", saved);
            else
            {
                prefix = check.OptionalString(saved, "prefix", $"{key}.signature.fields[{i - 1}].prefix", predictor.Name);
                check.OptionalString(saved, "description", $"{key}.signature.fields[{i - 1}].description", predictor.Name);
            }
            if (prefix is not null && prefix != field.Prefix && declared.FirstOrDefault(f => f.Prefix == prefix) is { } other)
            {
                problems.Add((predictor.Name, $"'{key}' field {i} is '{other.Name}' (prefix \"{prefix}\") but predictor '{predictor.Name}' has '{field.Name}' there; the fields are in another order"));
                ok = false;
            }
            else if (prefix is not null && prefix != field.Prefix && Internal.Naming.IsIdentifier(PrefixName(prefix)) && Internal.Naming.InferPrefix(PrefixName(prefix)) == prefix)
            {
                problems.Add((predictor.Name, $"'{key}' field {i} is '{PrefixName(prefix)}' (prefix \"{prefix}\") but predictor '{predictor.Name}' calls it '{field.Name}' " +
                                              "(rename the field, or map the DSPy program's names with MapName if only predictor names differ)"));
                ok = false;
            }
            if (options.FieldTypes == DspyFieldTypes.Untyped && !field.Type.IsString)
            {
                problems.Add((predictor.Name, $"field '{field.Name}' of predictor '{predictor.Name}' is {field.Type.PythonName} here, but DSPy files record no types and an " +
                                              $"untyped DSPy field is str, so the prompts would differ ('{field.Name} ({field.Type.PythonName})' vs '{field.Name} (str)'). " +
                                              "Declare it as str to match the DSPy program, or, if the DSPy program declares the same type, import with " +
                                              "new DspyImportOptions { FieldTypes = DspyFieldTypes.AsDeclaredHere }"));
                ok = false;
            }
        }
        return ok;
    }

    /// <summary>The field name DSPy's default prefix stands for: <c>Search Query:</c> → <c>search_query</c>.</summary>
    private static string PrefixName(string prefix) => prefix.TrimEnd(':').Trim().Replace(' ', '_').ToLowerInvariant();
}
