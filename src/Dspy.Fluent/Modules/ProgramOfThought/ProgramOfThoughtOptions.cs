namespace Dspy.Fluent;

/// <summary>How many attempts a <see cref="ProgramOfThought"/> makes.</summary>
/// <example><code>var solver = new ProgramOfThought("math", "question -> answer: float", new JavaScriptSandbox(), new ProgramOfThoughtOptions { MaxIters = 5 });</code></example>
public sealed record ProgramOfThoughtOptions
{
    /// <summary>DSPy's defaults.</summary>
    public static ProgramOfThoughtOptions Default { get; } = new();

    /// <summary>
    /// The most pieces of code tried, as DSPy's <c>max_iters</c>: the first, then regenerations from the previous code
    /// and its error while it keeps failing. The default 3 is one generation and up to two regenerations.
    /// </summary>
    public int MaxIters { get; init; } = 3;
}
