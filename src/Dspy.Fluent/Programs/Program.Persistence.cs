namespace Dspy.Fluent;

public abstract partial class Program<TIn, TOut>
{
    /// <summary>
    /// Saves this program's learned state (see <see cref="ProgramState.SaveAsync"/>): an entry for every declared predictor,
    /// with its signature, so loading can check the program it goes into.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <example><code>await compiled.SaveAsync("rag.compiled.json");</code></example>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) =>
        StateWithSignatures().SaveAsync(path, cancellationToken);

    /// <summary>
    /// This program with the state saved at <paramref name="path"/>, checked against the program's structure first:
    /// the file must name exactly this program's predictors, each compiled for the same signature.
    /// </summary>
    /// <param name="path">A file written by <see cref="SaveAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A new program; nothing is applied unless the whole file fits.</returns>
    /// <exception cref="ProgramStateFormatException">The file is invalid, names a predictor the program lacks, lacks one it has,
    /// or was compiled for other fields; the message lists every problem.</exception>
    /// <example><code>var loaded = await rag.LoadStateAsync("rag.compiled.json");</code></example>
    public async Task<Program<TIn, TOut>> LoadStateAsync(string path, CancellationToken cancellationToken = default)
    {
        var state = await ProgramState.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return WithStateUnchecked(state.ValidateFor(Structure, path, requireEveryPredictor: true));
    }

    /// <summary>This program with a state saved by DSPy's <c>program.save("x.json")</c>, mapped onto its predictors.</summary>
    /// <param name="path">The DSPy state file.</param>
    /// <param name="mapName">Maps DSPy's dotted names (e.g. <c>generate_answer.predict</c>) to this program's predictor names;
    /// by default the <c>.predict</c> suffix is dropped.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<Program<TIn, TOut>> LoadDspyStateAsync(string path, Func<string, string>? mapName = null, CancellationToken cancellationToken = default) =>
        LoadDspyStateAsync(path, new DspyImportOptions { MapName = mapName }, cancellationToken);

    /// <summary>This program with a state saved by DSPy's <c>program.save("x.json")</c>, with import options.</summary>
    /// <param name="path">The DSPy state file.</param>
    /// <param name="options">Name mapping and how to treat field types, which DSPy's files do not record.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ProgramStateFormatException">The file does not fit this program; the message lists every problem.</exception>
    public async Task<Program<TIn, TOut>> LoadDspyStateAsync(string path, DspyImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return WithStateUnchecked(DspyProgramState.Import(json, Structure, options, path));
    }

    /// <summary>Writes this program's state in DSPy's <c>program.save</c> format, so DSPy can load it into the same program shape.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SaveAsDspyAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return File.WriteAllTextAsync(path, DspyProgramState.Export(Structure), cancellationToken);
    }

    /// <summary>The state with an entry for every declared predictor, each recording the signature it belongs to.</summary>
    private ProgramState StateWithSignatures()
    {
        ThrowIfNotSaveable();
        var state = State;
        foreach (var p in Predictors)
            state = state.With(p.Name, (state.Find(p.Name) ?? PredictorState.Empty) with { Signature = p.Signature });
        return state;
    }

    private void ThrowIfNotSaveable()
    {
        if (Structure.NotSaveableReason is { } reason)
            throw new InvalidOperationException($"This program cannot be saved as one file: {reason}.");
    }
}
