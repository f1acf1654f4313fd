namespace Dspy.Fluent;

/// <summary>What an optimizer returns: the compiled program (a new value; the student is untouched) and a report.</summary>
/// <typeparam name="TIn">The program's input type.</typeparam>
/// <typeparam name="TOut">The program's output type.</typeparam>
public sealed record CompileResult<TIn, TOut> : ICompileOutcome
{
    /// <summary>Wraps a compiled program with its report.</summary>
    /// <param name="program">The compiled program.</param>
    /// <param name="report">What was tried; an empty report when null.</param>
    public CompileResult(Program<TIn, TOut> program, OptimizerReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
        Report = report ?? new OptimizerReport { Optimizer = "unknown" };
    }

    /// <summary>The compiled program.</summary>
    public Program<TIn, TOut> Program { get; }

    /// <summary>The learned parameters the compiled program applies (save these; apply them with <c>student.WithState(state)</c>).</summary>
    public ProgramState State => Program.State;

    /// <summary>What the optimizer tried and what it cost.</summary>
    public OptimizerReport Report { get; }
}
