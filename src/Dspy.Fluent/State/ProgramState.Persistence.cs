using System.Text;

namespace Dspy.Fluent;

public sealed partial class ProgramState
{
    /// <summary>The state as versioned JSON: predictors by name with their signature, instructions, demos and LM settings.</summary>
    /// <remarks>Deterministic: the same state always gives the same text. Holds model ids but never API keys or endpoints.</remarks>
    public string ToJson() => ProgramStateJson.Write(this);

    /// <summary>Reads a state written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="ProgramStateFormatException">Corrupt JSON, another format, a newer version, or a malformed predictor.</exception>
    public static ProgramState FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ProgramStateJson.Read(json, "JSON text");
    }

    /// <summary>Writes the state to <paramref name="path"/> (via a temporary file, so a crash never leaves half a file).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Environment.ProcessId;
        await File.WriteAllTextAsync(temp, ToJson(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Reads a state saved with <see cref="SaveAsync"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ProgramStateFormatException">The file is not a valid state; the message names the file, predictor and problem.</exception>
    public static async Task<ProgramState> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No saved program state at {Path.GetFullPath(path)}.", path);
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return ProgramStateJson.Read(json, path);
    }

    /// <summary>
    /// Checks that this state fits <paramref name="predictors"/> (see <see cref="ValidateFor(ProgramStructure, string, bool)"/>).
    /// </summary>
    /// <param name="predictors">The program's predictors (e.g. <c>program.Predictors</c>).</param>
    /// <param name="source">Where the state came from, for messages.</param>
    /// <returns>This state with each predictor's signature filled in from the program.</returns>
    /// <exception cref="ProgramStateFormatException">Every mismatch found, in one message.</exception>
    public ProgramState ValidateFor(IReadOnlyList<IPredictor> predictors, string source = "the state") =>
        ValidateFor(ProgramStructure.Of(predictors ?? throw new ArgumentNullException(nameof(predictors))), source);

    /// <summary>
    /// Checks that this state fits the program whose structure is <paramref name="structure"/>: every predictor it
    /// names exists there, was compiled for the same signature (field names, types and order), and every demo has at
    /// least one of that signature's inputs and one of its outputs; with <paramref name="requireEveryPredictor"/>, also
    /// that it has a state for every predictor of the program (as a saved program does).
    /// </summary>
    /// <param name="structure">The program's structure (<c>program.Structure</c>).</param>
    /// <param name="source">Where the state came from, for messages.</param>
    /// <param name="requireEveryPredictor">Whether a predictor of the program missing from the state is an error.</param>
    /// <returns>This state with each predictor's signature filled in from the program.</returns>
    /// <exception cref="ProgramStateFormatException">Every mismatch found, in one message naming each predictor and the difference.</exception>
    /// <example>
    /// <code>
    /// var state = (await ProgramState.LoadAsync("rag.json")).ValidateFor(rag.Structure, "rag.json", requireEveryPredictor: true);
    /// </code>
    /// </example>
    public ProgramState ValidateFor(ProgramStructure structure, string source = "the state", bool requireEveryPredictor = false)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(source);
        var problems = new List<(string Predictor, string Problem)>();
        var result = this;
        foreach (var (name, state) in Predictors)
        {
            if (structure.Find(name) is not { } predictor)
            {
                problems.Add((name, $"predictor '{name}' is not in the program (its predictors: {Names(structure)})"));
                continue;
            }
            var signature = predictor.Signature;
            if (state.Signature is { } saved && Internal.PredictorText.SignatureDifference(saved, signature, "the state", "the program", includeText: false) is { Length: > 0 } difference)
            {
                problems.Add((name, $"predictor '{name}' was compiled for '{saved}' but the program's is '{signature}': {difference}"));
                continue;
            }
            var index = 0;
            foreach (var demo in state.Demos)
            {
                index++;
                // Other fields (labels such as gold titles) ride along as in DSPy; adapters read only the signature's.
                if (!signature.InputFields.Any(f => demo.ContainsKey(f.Name)) || !signature.OutputFields.Any(f => demo.ContainsKey(f.Name)))
                    problems.Add((name, $"demo {index} of predictor '{name}' needs at least one input ({string.Join(", ", signature.InputFields.Select(f => f.Name))}) " +
                                        $"and one output ({string.Join(", ", signature.OutputFields.Select(f => f.Name))}) but has [{string.Join(", ", demo.Keys)}]"));
            }
            result = result.With(name, state with { Signature = signature });
        }
        if (requireEveryPredictor)
            foreach (var p in structure.Predictors)
                if (Find(p.Name) is null)
                    problems.Add((p.Name, $"predictor '{p.Name}' of the program ({p.Kind}, '{p.Signature}') has no state in it"));
        if (problems.Count == 0) return result;
        var message = $"{source} does not fit this program ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n" +
                      string.Join("\n", problems.Select(p => "  - " + p.Problem)) +
                      "\nLoad it into the program it was compiled for, or recompile this program; nothing was applied.";
        throw new ProgramStateFormatException(message, source, problems[0].Predictor);
    }

    private static string Names(ProgramStructure structure) =>
        structure.Predictors.Count == 0 ? "none" : string.Join(", ", structure.Predictors.Select(p => $"'{p.Name}'"));
}
