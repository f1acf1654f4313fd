using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Starting points for programs: the input, and plain or async code lifted into a program.
/// </summary>
/// <remarks>
/// Named <c>Programs</c> rather than <c>Program</c> because C# top-level statements generate a class called
/// <c>Program</c> that would hide a factory of that name in every console app.
/// </remarks>
/// <example>
/// <code>
/// var rag =
///     from q in Programs.Input&lt;Question&gt;()
///     from passages in retriever.Search(q.Text, k: 3)
///     from a in generateAnswer.Call(new GenerateAnswer(passages, q.Text))
///     select a;
/// </code>
/// </example>
public static class Programs
{
    /// <summary>The identity program: its output is its input. The first <c>from</c> of a program query.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <remarks>
    /// <para><b>Declaring predictors.</b> A program knows its predictors when it is composed, without running: the ones it
    /// is built from, and the ones its lambdas capture (a local such as <c>answer</c> below, a field of a captured
    /// <c>this</c>, a static field or auto-property, an array such as <c>generateQuery[hop]</c>, a captured compiled program
    /// with its state). A predictor
    /// reached any other way, returned by a method or built inside the lambda, must be declared with
    /// <c>.Uses(predictor)</c>; otherwise the first run that reaches it throws an <see cref="UndeclaredPredictorException"/>
    /// naming it and the line to add. Two different predictors under one name are refused at composition.</para>
    /// </remarks>
    /// <example>
    /// <code>
    /// var answer = Predict.ChainOfThought("answer", "question -> answer");
    /// Program&lt;Example, Prediction&gt; qa =
    ///     from q in Programs.Input&lt;Example&gt;()
    ///     from a in answer.Call(q)          // captured: qa.Predictors is [answer] before any run
    ///     select a;
    /// var judged = qa.Bind(a => Judges.For("qa").Call(a)).Uses(Judges.For("qa")); // returned by a method: declared by hand
    /// </code>
    /// </example>
    public static Program<T, T> Input<T>() => InputProgram<T>.Instance;

    /// <summary>
    /// Lifts async code into a program. Predictors, retrievers and programs run inside it (with <c>RunAsync</c>)
    /// record into the same run's trace and history, so loops such as multi-hop retrieval stay optimizable.
    /// </summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="run">The code; it receives the input and the run's cancellation token.</param>
    public static Program<TIn, TOut> From<TIn, TOut>(Func<TIn, CancellationToken, Task<TOut>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new FromProgram<TIn, TOut>(run);
    }

    /// <summary>Lifts a plain function into a program (no LM call).</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="function">The function.</param>
    public static Program<TIn, TOut> Lift<TIn, TOut>(Func<TIn, TOut> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Input<TIn>().Select(function);
    }

    private sealed class InputProgram<T> : Program<T, T>
    {
        internal override string? ModuleName => null;

        public static readonly InputProgram<T> Instance = new();

        public override ProgramStructure Structure => ProgramStructure.Empty;

        protected internal override ValueTask<T> RunCoreAsync(T input, RunContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(input);
    }

    private sealed class FromProgram<TIn, TOut>(Func<TIn, CancellationToken, Task<TOut>> run) : Program<TIn, TOut>
    {
        internal override string? ModuleName => null;

        private readonly ProgramStructure _structure = CapturedStructure.Of(run);

        public override ProgramStructure Structure => _structure;

        protected internal override async ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
        {
            using var _ = context.Enter();
            return await run(input, cancellationToken).ConfigureAwait(false);
        }
    }
}
