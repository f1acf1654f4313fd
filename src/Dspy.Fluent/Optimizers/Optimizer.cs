using System.Diagnostics;

namespace Dspy.Fluent;

/// <summary>
/// The base of the built-in optimizers: argument checks, the input mapping, predictor discovery and the accounting
/// every report carries (LM calls, tokens, time).
/// </summary>
public abstract class Optimizer : IOptimizer
{
    /// <summary>The optimizer's name in reports and progress, e.g. <c>BootstrapFewShot</c>.</summary>
    public abstract string Name { get; }

    /// <inheritdoc />
    public Task<CompileResult<TIn, TOut>> CompileAsync<TIn, TOut>(Program<TIn, TOut> student, IReadOnlyList<Example> trainset,
        CancellationToken cancellationToken = default) =>
        CompileAsync(student, trainset, CompileOptions<TIn, TOut>.Default, cancellationToken);

    /// <inheritdoc />
    public async Task<CompileResult<TIn, TOut>> CompileAsync<TIn, TOut>(Program<TIn, TOut> student, IReadOnlyList<Example> trainset,
        CompileOptions<TIn, TOut> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(trainset);
        ArgumentNullException.ThrowIfNull(options);
        if (trainset.Count == 0)
            throw new ArgumentException($"{Name} needs at least one training example; the trainset is empty.", nameof(trainset));
        if (trainset.Any(e => e is null))
            throw new ArgumentException($"The trainset given to {Name} contains a null example.", nameof(trainset));
        var run = new OptimizerRun<TIn, TOut>(Name, student, trainset, options, Settings, Progress);
        var clock = Stopwatch.StartNew();
        var (program, report) = await CompileCoreAsync(run, cancellationToken).ConfigureAwait(false);
        return new CompileResult<TIn, TOut>(program, report with
        {
            Optimizer = Name,
            LMCalls = run.LMCalls,
            Tokens = run.Tokens,
            Elapsed = clock.Elapsed,
            Notes = [.. run.Notes, .. report.Notes],
        });
    }

    /// <summary>The LM settings the optimizer runs programs with; null for the ambient <see cref="LMSettings.Current"/>.</summary>
    private protected abstract LMSettings? Settings { get; }

    /// <summary>Where progress goes, or null.</summary>
    private protected abstract IProgress<OptimizerProgress>? Progress { get; }

    /// <summary>The algorithm: returns the compiled program and a report (name, cost and time are filled in by the caller).</summary>
    private protected abstract Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken);
}
