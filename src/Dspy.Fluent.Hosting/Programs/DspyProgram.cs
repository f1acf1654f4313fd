namespace Dspy.Fluent;

/// <summary>
/// A compiled program registered by name with <c>AddDspyProgram</c>, whatever its input and output types: what the
/// <see cref="DspyProgramRegistry"/> lists, so a caller that knows only the name (an admin endpoint, another node
/// rebuilding the same program) can find it, its saved state and its structure.
/// </summary>
/// <remarks>Inject the typed <see cref="DspyProgram{TIn, TOut}"/> to run it.</remarks>
/// <example>
/// <code>
/// foreach (var program in registry.Programs)
///     Console.WriteLine($"{program.Name}: {program.InputType.Name} -> {program.OutputType.Name}, state {program.StatePath ?? "none"}");
/// </code>
/// </example>
public abstract class DspyProgram
{
    private protected DspyProgram(string name, string? statePath)
    {
        Name = name;
        StatePath = statePath;
    }

    /// <summary>The name it was registered under, e.g. <c>rag</c>; unique in the application.</summary>
    public string Name { get; }

    /// <summary>The full path of the saved state it loads at start-up, or null for a program registered without one.</summary>
    public string? StatePath { get; }

    /// <summary>The program's input type.</summary>
    public abstract Type InputType { get; }

    /// <summary>The program's output type.</summary>
    public abstract Type OutputType { get; }

    /// <summary>Whether the program has been built and its state loaded (the host does it at start-up).</summary>
    public abstract bool IsLoaded { get; }

    /// <summary>
    /// The program with its saved state applied, built and loaded on first use; the host calls this at start-up so a
    /// state that does not fit fails start-up rather than the first request.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait; the load itself runs once and is shared by every caller.</param>
    /// <returns>The loaded program, e.g. to read its <see cref="IProgram.Structure"/>.</returns>
    /// <exception cref="DspyProgramLoadException">The program could not be built, or its saved state is missing or does not
    /// fit it; the message names the program, the file and every predictor-level problem.</exception>
    /// <example><code>var structure = (await registry.Get("rag").LoadAsync(ct)).Structure;</code></example>
    public abstract Task<IProgram> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>The name, types and state file, e.g. <c>rag (Example -> Prediction, state /app/rag.json)</c>.</summary>
    public override string ToString() => $"{Name} ({InputType.Name} -> {OutputType.Name}, state {StatePath ?? "none"})";
}
