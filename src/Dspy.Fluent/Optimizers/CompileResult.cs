namespace Dspy.Fluent;

/// <summary>What an optimizer returns: the compiled program (a new value; the student is untouched).</summary>
/// <typeparam name="TIn">The program's input type.</typeparam>
/// <typeparam name="TOut">The program's output type.</typeparam>
public sealed record CompileResult<TIn, TOut>
{
    /// <summary>Wraps a compiled program.</summary>
    /// <param name="program">The compiled program.</param>
    public CompileResult(Program<TIn, TOut> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
    }

    /// <summary>The compiled program.</summary>
    public Program<TIn, TOut> Program { get; }

    /// <summary>The learned parameters the compiled program applies (save these; apply them with <c>student.WithState(state)</c>).</summary>
    public ProgramState State => Program.State;
}
