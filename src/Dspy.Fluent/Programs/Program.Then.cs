using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

public abstract partial class Program<TIn, TOut>
{
    /// <summary>Feeds this program's output into <paramref name="next"/>.</summary>
    /// <typeparam name="TResult">The next program's output type.</typeparam>
    /// <param name="next">The program to run on this output.</param>
    /// <returns>A new program.</returns>
    public Program<TIn, TResult> Then<TResult>(Program<TOut, TResult> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new ThenProgram<TResult>(this, next);
    }

    /// <summary>Runs this program and <paramref name="other"/> on the same input at the same time, then combines their outputs.</summary>
    /// <typeparam name="TOther">The other program's output type.</typeparam>
    /// <typeparam name="TResult">The combined output type.</typeparam>
    /// <param name="other">The program to run alongside.</param>
    /// <param name="combine">Combines both outputs.</param>
    /// <returns>A new program whose LM calls overlap.</returns>
    public Program<TIn, TResult> Zip<TOther, TResult>(Program<TIn, TOther> other, Func<TOut, TOther, TResult> combine)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(combine);
        return new ZipProgram<TOther, TResult>(this, other, combine);
    }

    private sealed class ThenProgram<TResult>(Program<TIn, TOut> first, Program<TOut, TResult> next) : Program<TIn, TResult>
    {
        internal override string? ModuleName => null;

        private readonly ProgramStructure _structure = ProgramStructure.Combine(first.Structure, next.Structure);

        public override ProgramStructure Structure => _structure;

        protected internal override async ValueTask<TResult> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
            await next.InvokeAsync(await first.InvokeAsync(input, context, cancellationToken).ConfigureAwait(false), context, cancellationToken).ConfigureAwait(false);
    }

    private sealed class ZipProgram<TOther, TResult>(Program<TIn, TOut> left, Program<TIn, TOther> right, Func<TOut, TOther, TResult> combine)
        : Program<TIn, TResult>
    {
        internal override string? ModuleName => null;

        private readonly ProgramStructure _structure = ProgramStructure.Combine(left.Structure, right.Structure, CapturedStructure.Of(combine));

        public override ProgramStructure Structure => _structure;

        protected internal override async ValueTask<TResult> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
        {
            var a = left.InvokeAsync(input, context, cancellationToken).AsTask();
            var b = right.InvokeAsync(input, context, cancellationToken).AsTask();
            await Task.WhenAll(a, b).ConfigureAwait(false);
            return combine(a.Result, b.Result);
        }
    }
}
