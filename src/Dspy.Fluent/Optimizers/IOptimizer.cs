namespace Dspy.Fluent;

/// <summary>Compiles a program against a training set: chooses instructions and demos for its predictors and returns a new program.</summary>
/// <remarks>
/// <para>Corresponds to DSPy's <c>Teleprompter.compile(student, trainset=…)</c>. The student is never changed: the
/// result is a new program carrying a <see cref="ProgramState"/>. Same inputs and seed, same result.</para>
/// <para>Deliberately minimal so fixtures and tools can depend on it before every optimizer exists; optimizers take their
/// metric, seed and settings in their constructor or options record.</para>
/// </remarks>
public interface IOptimizer
{
    /// <summary>Compiles <paramref name="student"/>.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="student">The program to compile; unchanged.</param>
    /// <param name="trainset">Training examples with labels.</param>
    /// <param name="cancellationToken">Cancels the compile and its LM calls.</param>
    /// <returns>The compiled program and its state.</returns>
    Task<CompileResult<TIn, TOut>> CompileAsync<TIn, TOut>(Program<TIn, TOut> student, IReadOnlyList<Example> trainset,
        CancellationToken cancellationToken = default);
}
