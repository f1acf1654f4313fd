namespace Dspy.Fluent;

public abstract partial class Program<TIn, TOut>
{
    /// <summary>
    /// The name this node's calls are reported under as a module (<c>DspyCallKind.Module</c>, a <c>dspy.module</c> span):
    /// its type's name (ReAct, your own subclass). Null for the nodes composition builds (LINQ, <c>Then</c>, state and
    /// settings wrappers) and for predictors, which are reported as predictor calls.
    /// </summary>
    internal virtual string? ModuleName => Internal.Naming.TypeName(GetType());

    /// <summary>Runs this node as part of a run, reported as a module call when it is one and the run is observed.</summary>
    /// <remarks>Every node runs its children through this rather than <see cref="RunCoreAsync"/>, so a module is seen
    /// wherever it sits in the tree.</remarks>
    internal ValueTask<TOut> InvokeAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
        ObservedCall.IsObserved(context.Settings) && ModuleName is { } name
            ? InvokeObservedAsync(DspyCallKind.Module, name, input, context, cancellationToken)
            : RunCoreAsync(input, context, cancellationToken);

    /// <summary>Runs this program as the root of <paramref name="context"/>, reported as a run when observed.</summary>
    private ValueTask<TOut> RunRootAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
        ObservedCall.IsObserved(context.Settings)
            ? InvokeObservedAsync(DspyCallKind.Run, ModuleName ?? "program", input, context, cancellationToken)
            : InvokeAsync(input, context, cancellationToken);

    private ValueTask<TOut> InvokeObservedAsync(DspyCallKind kind, string name, TIn input, RunContext context, CancellationToken cancellationToken) =>
        ObservedCall.RunAsync(context.Settings, kind, name, input, (Program: this, Input: input, Context: context, Kind: kind),
            static (s, ct) => s.Kind == DspyCallKind.Run ? s.Program.InvokeAsync(s.Input, s.Context, ct) : s.Program.RunCoreAsync(s.Input, s.Context, ct),
            cancellationToken);
}
