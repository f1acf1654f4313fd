using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

public abstract partial class Program<TIn, TOut>
{
    /// <summary>Maps the output with a plain function; no LM call is added. Enables <c>select</c> in query syntax.</summary>
    /// <typeparam name="TResult">The new output type.</typeparam>
    /// <param name="selector">The function.</param>
    /// <returns>A new program.</returns>
    public Program<TIn, TResult> Select<TResult>(Func<TOut, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new MapProgram<TResult>(this, selector);
    }

    /// <summary>Maps the output with a plain function (the plain-named twin of <see cref="Select{TResult}"/>).</summary>
    /// <typeparam name="TResult">The new output type.</typeparam>
    /// <param name="selector">The function.</param>
    /// <returns>A new program.</returns>
    public Program<TIn, TResult> Map<TResult>(Func<TOut, TResult> selector) => Select(selector);

    private sealed class MapProgram<TResult>(Program<TIn, TOut> inner, Func<TOut, TResult> selector) : Program<TIn, TResult>
    {
        internal override string? ModuleName => null;

        private readonly ProgramStructure _structure = ProgramStructure.Combine(inner.Structure, CapturedStructure.Of(selector));

        public override ProgramStructure Structure => _structure;

        protected internal override async ValueTask<TResult> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
            selector(await inner.InvokeAsync(input, context, cancellationToken).ConfigureAwait(false));
    }
}
