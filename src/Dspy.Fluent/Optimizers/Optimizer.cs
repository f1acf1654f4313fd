using System.Diagnostics;

namespace Dspy.Fluent;

/// <summary>
/// The base of optimizers, built-in or your own: argument checks, the input mapping, the accounting every report
/// carries (LM calls, tokens, cost, time), and the score-per-trial chart when one is asked for.
/// </summary>
/// <remarks>
/// To write an optimizer, derive and implement <see cref="Name"/>, <see cref="Settings"/>, <see cref="Progress"/> and
/// <see cref="CompileCoreAsync"/>. The <see cref="OptimizerRun{TIn, TOut}"/> it receives gives the student's declared
/// predictors, runs and scores programs (counting their LM calls), and takes notes and progress for the report.
/// </remarks>
/// <example>
/// <code>
/// public sealed class FirstPassingDemos(IMetric metric) : Optimizer
/// {
///     public override string Name => "FirstPassingDemos";
///     protected override LMSettings? Settings => null;
///     protected override IProgress&lt;OptimizerProgress&gt;? Progress => null;
///     protected override async Task&lt;(Program&lt;TIn, TOut&gt; Program, OptimizerReport Report)&gt; CompileCoreAsync&lt;TIn, TOut&gt;(
///         OptimizerRun&lt;TIn, TOut&gt; run, CancellationToken ct)
///     {
///         var scored = await run.RunAsync(run.Student, run.Trainset[0], metric, bootstrapping: true, null, ct);
///         var state = run.Student.State;
///         foreach (var entry in scored.Trace.Where(t =&gt; t.Signature is not null))
///             state = state.Update(entry.Name, s =&gt; s.WithDemos([entry.ToDemo()]));
///         return (run.Student.WithState(state), new OptimizerReport { Optimizer = Name });
///     }
/// }
/// </code>
/// </example>
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
        if (options.Valset is { } valset && (valset.Count == 0 || valset.Any(e => e is null)))
            throw new ArgumentException($"The valset given to {Name} is empty or contains a null example; pass null to let {Name} use the trainset.", nameof(options));
        if (student.Predictors.Count == 0)
            throw new ArgumentException(
                $"{Name} has nothing to optimize: the program declares no predictors. Build it from predictors, capture them in its lambdas, " +
                "or declare those returned by methods with program.Uses(...).", nameof(student));
        var run = new OptimizerRun<TIn, TOut>(Name, student, trainset, options, Settings, Progress);
        return ObservedCall.IsObserved(run.Settings)
            ? await ObservedCall.RunAsync(run.Settings, DspyCallKind.Compile, Name, trainset, (Optimizer: this, Run: run),
                static (s, ct) => new ValueTask<CompileResult<TIn, TOut>>(s.Optimizer.CompileRunAsync(s.Run, ct)), cancellationToken).ConfigureAwait(false)
            : await CompileRunAsync(run, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CompileResult<TIn, TOut>> CompileRunAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // Cost is known only when the client pipeline prices calls (UsageTrackingChatClient); the scope collects it from
        // every call on this flow, including those of nested compiles.
        using var usage = LMUsageScope.Begin();
        var (program, report) = await CompileCoreAsync(run, cancellationToken).ConfigureAwait(false);
        var summary = usage.Summary;
        report = report with
        {
            Optimizer = Name,
            LMCalls = run.LMCalls,
            CacheHits = run.CacheHits,
            ProposerLMCalls = run.ProposerLMCalls,
            Tokens = run.Tokens,
            CostUsd = summary.Calls > 0 ? summary.CostUsd : null,
            LM = run.LM,
            Elapsed = clock.Elapsed,
            Notes = [.. run.Notes, .. report.Notes],
        };
        return new CompileResult<TIn, TOut>(program, report);
    }

    /// <summary>The LM settings the optimizer runs programs with; null for the ambient <see cref="LMSettings.Current"/>.</summary>
    protected abstract LMSettings? Settings { get; }

    /// <summary>Where progress goes, or null.</summary>
    protected abstract IProgress<OptimizerProgress>? Progress { get; }

    /// <summary>The algorithm: returns the compiled program and a report (name, cost and time are filled in by the caller).</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="run">The compile: the student and its declared predictors, the data, and the means to run and score programs.</param>
    /// <param name="cancellationToken">Cancels the compile.</param>
    protected abstract Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken);
}
