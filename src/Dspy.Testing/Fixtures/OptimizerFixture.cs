namespace Dspy.Fluent;

/// <summary>A <see cref="CompiledProgramFixture{TIn, TOut}"/> that compiles with an <see cref="IOptimizer"/>.</summary>
/// <typeparam name="TIn">The program's input type.</typeparam>
/// <typeparam name="TOut">The program's output type.</typeparam>
/// <remarks>The optimizer's type name and its <see cref="object.ToString"/> are part of the cache key (a record optimizer
/// or options record prints its settings); override <see cref="OptimizerSettings"/> when that text is not stable or complete.</remarks>
/// <example>
/// <code>
/// public sealed class CompiledRag : OptimizerFixture&lt;Question, Answer&gt;
/// {
///     protected override Program&lt;Question, Answer&gt; CreateStudent() =&gt; Rag.Program;
///     protected override IReadOnlyList&lt;Example&gt; CreateTrainset() =&gt; World.Train;
///     protected override LMSettings CreateSettings() =&gt; new() { Client = lm };
///     protected override IOptimizer CreateOptimizer() =&gt; new BootstrapFewShot(Metrics.ExactMatch, new() { MaxBootstrappedDemos = 4 });
/// }
/// </code>
/// </example>
public abstract class OptimizerFixture<TIn, TOut> : CompiledProgramFixture<TIn, TOut>
{
    private IOptimizer? _optimizer;

    /// <summary>The optimizer (created once).</summary>
    protected IOptimizer Optimizer => _optimizer ??= CreateOptimizer() ?? throw new InvalidOperationException($"{GetType().Name}.CreateOptimizer returned null.");

    /// <summary>Creates the optimizer.</summary>
    protected abstract IOptimizer CreateOptimizer();

    /// <inheritdoc />
    protected override string OptimizerSettings => $"{Optimizer.GetType().FullName}: {Optimizer}";

    /// <summary>The optimizer: its metric's code is part of the cache key.</summary>
    internal override object?[] CompileCode => [Optimizer];

    /// <inheritdoc />
    protected override async Task<ProgramState> CompileAsync(Program<TIn, TOut> student, IReadOnlyList<Example> trainset, LMSettings settings,
        CancellationToken cancellationToken)
    {
        var result = await Optimizer.CompileAsync(student, trainset, cancellationToken).ConfigureAwait(false);
        return result.State;
    }
}
