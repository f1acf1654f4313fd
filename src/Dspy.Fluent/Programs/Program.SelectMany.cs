using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

public abstract partial class Program<TIn, TOut>
{
    /// <summary>
    /// Continues with a step built from the output, e.g. a predictor call or a retrieval. Enables a second
    /// <c>from</c> in query syntax whose source ignores the program input, so C# infers every type.
    /// </summary>
    /// <typeparam name="TMiddle">The step's output type.</typeparam>
    /// <typeparam name="TResult">The combined output type.</typeparam>
    /// <param name="bind">Builds the step from this program's output.</param>
    /// <param name="project">Combines this output and the step's output.</param>
    /// <returns>A new program; nothing runs until it does.</returns>
    public Program<TIn, TResult> SelectMany<TMiddle, TResult>(Func<TOut, Step<TMiddle>> bind, Func<TOut, TMiddle, TResult> project)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(project);
        return new BindStepProgram<TMiddle, TResult>(this, bind, project);
    }

    /// <summary>Continues with another program over the same input, chosen from this output (query syntax's second <c>from</c>).</summary>
    /// <typeparam name="TMiddle">The other program's output type.</typeparam>
    /// <typeparam name="TResult">The combined output type.</typeparam>
    /// <param name="bind">Picks the program to run on the same input.</param>
    /// <param name="project">Combines both outputs.</param>
    /// <returns>A new program.</returns>
    public Program<TIn, TResult> SelectMany<TMiddle, TResult>(Func<TOut, Program<TIn, TMiddle>> bind, Func<TOut, TMiddle, TResult> project)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(project);
        return new BindProgramProgram<TMiddle, TResult>(this, bind, project);
    }

    /// <summary>Continues with a step built from the output (the plain-named twin of <c>SelectMany</c>).</summary>
    /// <typeparam name="TResult">The step's output type.</typeparam>
    /// <param name="bind">Builds the step from this program's output.</param>
    /// <returns>A new program.</returns>
    public Program<TIn, TResult> Bind<TResult>(Func<TOut, Step<TResult>> bind) => SelectMany(bind, static (_, m) => m);

    /// <summary>Continues with another program over the same input, chosen from this output.</summary>
    /// <typeparam name="TResult">The other program's output type.</typeparam>
    /// <param name="bind">Picks the program to run on the same input.</param>
    /// <returns>A new program.</returns>
    public Program<TIn, TResult> BindProgram<TResult>(Func<TOut, Program<TIn, TResult>> bind) => SelectMany(bind, static (_, m) => m);

    private sealed class BindStepProgram<TMiddle, TResult>(
        Program<TIn, TOut> inner, Func<TOut, Step<TMiddle>> bind, Func<TOut, TMiddle, TResult> project) : Program<TIn, TResult>
    {
        internal override string? ModuleName => null;

        private readonly ProgramStructure _structure = ProgramStructure.Combine(inner.Structure, CapturedStructure.Of(bind, project));

        public override ProgramStructure Structure => _structure;

        protected internal override async ValueTask<TResult> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
        {
            var first = await inner.InvokeAsync(input, context, cancellationToken).ConfigureAwait(false);
            var second = await bind(first).RunCoreAsync(context, cancellationToken).ConfigureAwait(false);
            return project(first, second);
        }
    }

    private sealed class BindProgramProgram<TMiddle, TResult>(
        Program<TIn, TOut> inner, Func<TOut, Program<TIn, TMiddle>> bind, Func<TOut, TMiddle, TResult> project) : Program<TIn, TResult>
    {
        internal override string? ModuleName => null;

        private readonly ProgramStructure _structure = ProgramStructure.Combine(inner.Structure, CapturedStructure.Of(bind, project));

        public override ProgramStructure Structure => _structure;

        protected internal override async ValueTask<TResult> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
        {
            var first = await inner.InvokeAsync(input, context, cancellationToken).ConfigureAwait(false);
            var second = await bind(first).InvokeAsync(input, context, cancellationToken).ConfigureAwait(false);
            return project(first, second);
        }
    }
}
