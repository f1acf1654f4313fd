namespace Dspy.Fluent;

public abstract partial class Program<TIn, TOut>
{
    /// <summary>
    /// A step that runs this program on <paramref name="input"/> inside the surrounding run (its trace, history, state
    /// and settings), so a program can be bound in a later <c>from</c> clause just like a predictor.
    /// </summary>
    /// <param name="input">The input.</param>
    /// <returns>A step; nothing runs until the enclosing program does.</returns>
    /// <example>
    /// <code>
    /// var program =
    ///     from q in Programs.Input&lt;Example&gt;()
    ///     from answer in agent.Call(q)
    ///     select answer;
    /// </code>
    /// </example>
    public Step<TOut> Call(TIn input) => new DelegateStep<TOut>((context, cancellationToken) => InvokeAsync(input, context, cancellationToken));
}
