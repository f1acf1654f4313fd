
namespace Dspy.Fluent;

/// <summary>
/// A deferred, cancellable piece of work that does not depend on the program input: a predictor call, a retrieval,
/// or plain async code. Steps are what the second and later <c>from</c> clauses of a program query bind to.
/// </summary>
/// <typeparam name="T">The step's result type.</typeparam>
/// <remarks>Building a step runs nothing. A step runs inside the run of the program that binds it, recording into
/// that run's trace and history; <see cref="RunAsync(CancellationToken)"/> runs it on its own.</remarks>
public abstract class Step<T> : IDeferredStep
{
    private protected Step() { }

    internal abstract ValueTask<T> RunCoreAsync(RunContext context, CancellationToken cancellationToken);

    Delegate IDeferredStep.Body => Body;

    private protected abstract Delegate Body { get; }

    /// <summary>Maps the result with a plain function.</summary>
    /// <typeparam name="TResult">The new result type.</typeparam>
    /// <param name="selector">The function.</param>
    public Step<TResult> Select<TResult>(Func<T, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new DelegateStep<TResult>(async (ctx, ct) => selector(await RunCoreAsync(ctx, ct).ConfigureAwait(false)));
    }

    /// <summary>Maps the result with a plain function (twin of <see cref="Select{TResult}"/>).</summary>
    /// <typeparam name="TResult">The new result type.</typeparam>
    /// <param name="selector">The function.</param>
    public Step<TResult> Map<TResult>(Func<T, TResult> selector) => Select(selector);

    /// <summary>Continues with another step built from the result.</summary>
    /// <typeparam name="TMiddle">The next step's result type.</typeparam>
    /// <typeparam name="TResult">The combined result type.</typeparam>
    /// <param name="bind">Builds the next step.</param>
    /// <param name="project">Combines both results.</param>
    public Step<TResult> SelectMany<TMiddle, TResult>(Func<T, Step<TMiddle>> bind, Func<T, TMiddle, TResult> project)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(project);
        return new DelegateStep<TResult>(async (ctx, ct) =>
        {
            var first = await RunCoreAsync(ctx, ct).ConfigureAwait(false);
            var second = await bind(first).RunCoreAsync(ctx, ct).ConfigureAwait(false);
            return project(first, second);
        });
    }

    /// <summary>Continues with another step built from the result (twin of <c>SelectMany</c>).</summary>
    /// <typeparam name="TResult">The next step's result type.</typeparam>
    /// <param name="bind">Builds the next step.</param>
    public Step<TResult> Bind<TResult>(Func<T, Step<TResult>> bind) => SelectMany(bind, static (_, r) => r);

    /// <summary>Runs the step: inside a run it joins it; otherwise it starts a run with the ambient <see cref="LMSettings"/>.</summary>
    /// <param name="cancellationToken">Cancels the step.</param>
    public Task<T> RunAsync(CancellationToken cancellationToken = default) => RunAsync(null, cancellationToken);

    /// <summary>Runs the step with explicit LM settings.</summary>
    /// <param name="settings">The LM and its settings; null for the ambient ones.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    public Task<T> RunAsync(LMSettings? settings, CancellationToken cancellationToken = default) =>
        RunCoreAsync(RunContext.JoinOrCreate(settings, declared: null), cancellationToken).AsTask();
}

/// <summary>A step defined by a function of the run context.</summary>
internal sealed class DelegateStep<T>(Func<RunContext, CancellationToken, ValueTask<T>> run) : Step<T>
{
    private protected override Delegate Body => run;

    internal override ValueTask<T> RunCoreAsync(RunContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}

/// <summary>
/// A step seen without its result type: the code it will run. A step built when the program is composed and captured
/// by a lambda (<c>let greet = qa.Call …</c> in F#, a local in C#) declares the predictors that code reaches.
/// </summary>
internal interface IDeferredStep
{
    Delegate Body { get; }
}
