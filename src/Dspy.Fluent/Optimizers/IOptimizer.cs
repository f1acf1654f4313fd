namespace Dspy.Fluent;

/// <summary>Compiles a program against a training set: chooses instructions and demos for its predictors and returns a new program.</summary>
/// <remarks>
/// <para>Corresponds to DSPy's <c>Teleprompter.compile(student, trainset=…)</c>. The student is never changed: the
/// result is a new program carrying a <see cref="ProgramState"/>, with a report of what was tried. Same inputs and seed,
/// same result (byte-identical saved state).</para>
/// <para>Optimizers take their metric, seed and settings in their constructor; <see cref="Optimizer"/> is the base class
/// of the built-in ones.</para>
/// </remarks>
public interface IOptimizer
{
    /// <summary>Compiles <paramref name="student"/>.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="student">The program to compile; unchanged.</param>
    /// <param name="trainset">Training examples with labels.</param>
    /// <param name="cancellationToken">Cancels the compile and its LM calls.</param>
    /// <returns>The compiled program, its state and a report.</returns>
    Task<CompileResult<TIn, TOut>> CompileAsync<TIn, TOut>(Program<TIn, TOut> student, IReadOnlyList<Example> trainset,
        CancellationToken cancellationToken = default);

    /// <summary>Compiles <paramref name="student"/> with a valset, a teacher or an input mapping.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="student">The program to compile; unchanged.</param>
    /// <param name="trainset">Training examples with labels.</param>
    /// <param name="options">Valset, teacher, input mapping.</param>
    /// <param name="cancellationToken">Cancels the compile and its LM calls.</param>
    /// <returns>The compiled program, its state and a report.</returns>
    Task<CompileResult<TIn, TOut>> CompileAsync<TIn, TOut>(Program<TIn, TOut> student, IReadOnlyList<Example> trainset,
        CompileOptions<TIn, TOut> options, CancellationToken cancellationToken = default);
}
