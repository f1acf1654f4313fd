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
    /// Checks that this state fits <paramref name="predictors"/>: every predictor it names exists, was compiled for the same
    /// signature, and every demo uses only that signature's fields with at least one input and one output.
    /// </summary>
    /// <param name="predictors">The program's predictors (e.g. <c>program.Predictors</c>).</param>
    /// <param name="source">Where the state came from, for messages.</param>
    /// <returns>This state with each predictor's signature filled in from the program.</returns>
    /// <exception cref="ProgramStateFormatException">The first mismatch found.</exception>
    public ProgramState ValidateFor(IReadOnlyList<IPredictor> predictors, string source = "the state")
    {
        ArgumentNullException.ThrowIfNull(predictors);
        if (predictors.Count == 0) return this;
        var byName = predictors.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var result = this;
        foreach (var (name, state) in Predictors)
        {
            if (!byName.TryGetValue(name, out var predictor))
                throw new ProgramStateFormatException(
                    $"{source} has a predictor '{name}' that the program does not have; the program's predictors are {string.Join(", ", byName.Keys)}. " +
                    "Load it into the program it was compiled for, or declare predictors called inside lambdas with program.Uses(...).", source, name);
            var signature = predictor.Signature;
            if (state.Signature is { } saved && saved.ToString() != signature.ToString())
                throw new ProgramStateFormatException(
                    $"{source}: predictor '{name}' was compiled for '{saved}' but the program's predictor is '{signature}'. Recompile the program.", source, name);
            var fields = signature.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var index = 0;
            foreach (var demo in state.Demos)
            {
                index++;
                var unknown = demo.Keys.FirstOrDefault(k => !fields.Contains(k) && k != PredictorState.AugmentedKey);
                if (unknown is not null)
                    throw new ProgramStateFormatException(
                        $"{source}: demo {index} of predictor '{name}' has the field '{unknown}', which is not in its signature ({string.Join(", ", fields)}). Fix the field name or recompile.", source, name);
                if (!signature.InputFields.Any(f => demo.ContainsKey(f.Name)) || !signature.OutputFields.Any(f => demo.ContainsKey(f.Name)))
                    throw new ProgramStateFormatException(
                        $"{source}: demo {index} of predictor '{name}' needs at least one input ({string.Join(", ", signature.InputFields.Select(f => f.Name))}) " +
                        $"and one output ({string.Join(", ", signature.OutputFields.Select(f => f.Name))}) but has [{string.Join(", ", demo.Keys)}].", source, name);
            }
            result = result.With(name, state with { Signature = signature });
        }
        return result;
    }
}
