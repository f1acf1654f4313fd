using System.Diagnostics;

namespace Dspy.Fluent;

/// <summary>
/// A program: an immutable value that turns a <typeparamref name="TIn"/> into a <typeparamref name="TOut"/> through LM
/// steps, retrievers and plain code. Composing programs never calls an LM; running one does.
/// </summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TOut">The output type.</typeparam>
/// <remarks>
/// <para>Compose with LINQ query syntax (<c>from … in … select …</c>) or the plain-named twins <see cref="Map{TResult}"/>
/// and <c>Bind</c>. One program value can run on many threads at once: every run has its own trace, history and settings.</para>
/// <para>Learnable parameters live in a <see cref="ProgramState"/>, not in the program: <see cref="WithState"/>
/// returns a new program and leaves this one as it was.</para>
/// </remarks>
/// <example>
/// <code>
/// Program&lt;Question, string&gt; qa =
///     from q in Programs.Input&lt;Question&gt;()
///     from a in answer.Call(new GenerateAnswer(q.Text))
///     select a.Text;
/// string text = await qa.RunAsync(new Question("Where was Ada born?"), new LMSettings { Client = lm });
/// </code>
/// </example>
public abstract partial class Program<TIn, TOut>
{
    private protected Program() { }

    /// <summary>Runs one step of the tree; every program node implements it.</summary>
    internal abstract ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken);

    /// <summary>Adds the predictors this node can see (itself, its children, declared ones).</summary>
    internal virtual void CollectPredictors(PredictorSet into) { }

    /// <summary>
    /// The predictors this program is known to use: those it is built from directly, and those declared with
    /// <see cref="Uses(IEnumerable{IPredictor})"/>. Predictors called only inside a <c>from … in</c> lambda are invisible until they run;
    /// optimizers also discover them from traces.
    /// </summary>
    public IReadOnlyList<IPredictor> Predictors
    {
        get
        {
            var set = new PredictorSet();
            CollectPredictors(set);
            return set.Items;
        }
    }

    /// <summary>The learned parameters this program applies (empty unless it came from <see cref="WithState"/> or an optimizer).</summary>
    public virtual ProgramState State => ProgramState.Empty;

    /// <summary>Runs the program. Inside another run (code lifted with <c>Programs.From</c>) it joins that run's trace and history.</summary>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the run and its LM calls.</param>
    /// <returns>The output.</returns>
    /// <exception cref="AdapterParseException">An LM reply could not be parsed even after the fallback.</exception>
    /// <exception cref="InvalidOperationException">No LM is configured.</exception>
    public Task<TOut> RunAsync(TIn input, CancellationToken cancellationToken = default) =>
        RunAsync(input, null, cancellationToken);

    /// <summary>Runs the program with explicit LM settings.</summary>
    /// <param name="input">The input.</param>
    /// <param name="settings">The LM and its settings; null to use the ambient <see cref="LMSettings.Current"/>.</param>
    /// <param name="cancellationToken">Cancels the run and its LM calls.</param>
    /// <returns>The output.</returns>
    public Task<TOut> RunAsync(TIn input, LMSettings? settings, CancellationToken cancellationToken = default) =>
        RunCoreAsync(input, RunContext.JoinOrCreate(settings), cancellationToken).AsTask();

    /// <summary>Runs the program as a run of its own and returns the outcome, success or failure, with its trace, history and usage.</summary>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the run; cancellation is thrown, not returned.</param>
    public Task<ProgramOutcome<TOut>> TryRunAsync(TIn input, CancellationToken cancellationToken = default) =>
        TryRunAsync(input, null, cancellationToken);

    /// <summary>Runs the program as a run of its own with explicit settings and returns the outcome.</summary>
    /// <param name="input">The input.</param>
    /// <param name="settings">The LM and its settings; null to use the ambient ones.</param>
    /// <param name="cancellationToken">Cancels the run; cancellation is thrown, not returned.</param>
    public async Task<ProgramOutcome<TOut>> TryRunAsync(TIn input, LMSettings? settings, CancellationToken cancellationToken = default)
    {
        var context = RunContext.CreateRoot(settings ?? RunContext.Current?.Settings);
        var clock = Stopwatch.StartNew();
        TOut? output = default;
        Exception? error = null;
        try
        {
            output = await RunCoreAsync(input, context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            error = e;
        }
        return new ProgramOutcome<TOut>
        {
            Output = output,
            Error = error,
            Trace = context.Recorder.Trace,
            History = context.Recorder.History,
            Usage = context.Recorder.Usage(),
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>This program with <paramref name="state"/> applied to every predictor it runs (replacing any state it had).</summary>
    /// <remarks>When a program with state is composed into a larger one that has state too, the outer state wins
    /// for the predictors it names and the inner state still applies to the others.</remarks>
    /// <param name="state">Learned parameters by predictor name.</param>
    /// <returns>A new program; this one is unchanged.</returns>
    public virtual Program<TIn, TOut> WithState(ProgramState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new StatefulProgram(this, state);
    }

    /// <summary>This program with its LM settings changed for everything it runs, e.g. a teacher model or a temperature.</summary>
    /// <param name="change">Maps the run's settings to the ones to use.</param>
    /// <returns>A new program; this one is unchanged.</returns>
    public Program<TIn, TOut> WithSettings(Func<LMSettings, LMSettings> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new SettingsProgram(this, change);
    }

    /// <summary>This program talking to <paramref name="client"/> instead of the run's LM.</summary>
    /// <param name="client">The LM.</param>
    public Program<TIn, TOut> WithLM(Microsoft.Extensions.AI.IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return WithSettings(s => s with { Client = client });
    }

    /// <summary>Declares predictors this program calls inside lambdas, so optimizers and <see cref="Predictors"/> see them without running it.</summary>
    /// <param name="predictors">The predictors.</param>
    /// <returns>A new program that runs exactly like this one.</returns>
    public Program<TIn, TOut> Uses(params IPredictor[] predictors) => Uses((IEnumerable<IPredictor>)predictors);

    /// <summary>Declares predictors this program calls inside lambdas, so optimizers and <see cref="Predictors"/> see them without running it.</summary>
    /// <param name="predictors">The predictors.</param>
    /// <returns>A new program that runs exactly like this one.</returns>
    public Program<TIn, TOut> Uses(IEnumerable<IPredictor> predictors)
    {
        ArgumentNullException.ThrowIfNull(predictors);
        return new DeclaringProgram(this, predictors.ToArray());
    }

    private sealed class StatefulProgram(Program<TIn, TOut> inner, ProgramState state) : Program<TIn, TOut>
    {
        public override ProgramState State => state;

        internal override ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
            inner.RunCoreAsync(input, context.WithState(context.State.Predictors.Count == 0 ? state : state.Merge(context.State)), cancellationToken);

        internal override void CollectPredictors(PredictorSet into) => inner.CollectPredictors(into);

        // Re-applying state replaces it rather than nesting wrappers.
        public override Program<TIn, TOut> WithState(ProgramState newState) => inner.WithState(newState);
    }

    private sealed class SettingsProgram(Program<TIn, TOut> inner, Func<LMSettings, LMSettings> change) : Program<TIn, TOut>
    {
        public override ProgramState State => inner.State;

        internal override ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
            inner.RunCoreAsync(input, context.WithSettings(change(context.Settings)), cancellationToken);

        internal override void CollectPredictors(PredictorSet into) => inner.CollectPredictors(into);
    }

    private sealed class DeclaringProgram(Program<TIn, TOut> inner, IPredictor[] declared) : Program<TIn, TOut>
    {
        public override ProgramState State => inner.State;

        internal override ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
            inner.RunCoreAsync(input, context, cancellationToken);

        internal override void CollectPredictors(PredictorSet into)
        {
            inner.CollectPredictors(into);
            foreach (var p in declared) into.Add(p);
        }
    }
}
