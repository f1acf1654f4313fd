namespace Dspy.Fluent;

public abstract partial class Program<TIn, TOut>
{
    /// <summary>Saves this program's learned state (see <see cref="ProgramState.SaveAsync"/>), with each known predictor's signature recorded.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <example><code>await compiled.SaveAsync("rag.compiled.json");</code></example>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) =>
        StateWithSignatures().SaveAsync(path, cancellationToken);

    /// <summary>This program with the state saved at <paramref name="path"/>, checked against the program's predictors first.</summary>
    /// <param name="path">A file written by <see cref="SaveAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A new program; nothing is applied unless the whole file is valid.</returns>
    /// <exception cref="ProgramStateFormatException">The file is invalid or does not fit this program.</exception>
    /// <example><code>var loaded = await rag.LoadStateAsync("rag.compiled.json");</code></example>
    public async Task<Program<TIn, TOut>> LoadStateAsync(string path, CancellationToken cancellationToken = default)
    {
        var state = await ProgramState.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return WithState(state.ValidateFor(Predictors, path));
    }

    /// <summary>This program with a state saved by DSPy's <c>program.save("x.json")</c>, mapped onto its predictors.</summary>
    /// <param name="path">The DSPy state file.</param>
    /// <param name="mapName">Maps DSPy's dotted names (e.g. <c>generate_answer.predict</c>) to this program's predictor names;
    /// by default the <c>.predict</c> suffix is dropped.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<Program<TIn, TOut>> LoadDspyStateAsync(string path, Func<string, string>? mapName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return WithState(DspyProgramState.Import(json, Predictors, mapName, path));
    }

    /// <summary>Writes this program's state in DSPy's <c>program.save</c> format, so DSPy can load it into the same program shape.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SaveAsDspyAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return File.WriteAllTextAsync(path, DspyProgramState.Export(State, Predictors), cancellationToken);
    }

    private ProgramState StateWithSignatures()
    {
        var state = State;
        foreach (var p in Predictors)
            if (state.Find(p.Name) is { Signature: null } s) state = state.With(p.Name, s with { Signature = p.Signature });
        return state;
    }
}
