namespace Dspy.Fluent;

/// <summary>How a <see cref="ProgramOfThought"/> runs its code.</summary>
public sealed record ProgramOfThoughtOptions
{
    /// <summary>DSPy's defaults with the built-in JavaScript sandbox.</summary>
    public static ProgramOfThoughtOptions Default { get; } = new();

    /// <summary>
    /// The most pieces of code tried, as DSPy's <c>max_iters</c>: the first, then regenerations from the previous code
    /// and its error while it keeps failing. The default 3 is one generation and up to two regenerations.
    /// </summary>
    public int MaxIters { get; init; } = 3;

    /// <summary>Where the code runs; a <see cref="JavaScriptSandbox"/> with default limits when null.</summary>
    public ICodeInterpreter? Interpreter { get; init; }
}
