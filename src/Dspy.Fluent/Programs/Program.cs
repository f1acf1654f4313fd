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
/// <para>A program declares what it is made of (<see cref="Structure"/>): the predictors it is built from, those its
/// lambdas capture, and those declared with <see cref="Uses(IPredictor[])"/>. A predictor reached at run time that the
/// structure does not declare stops the run with an <see cref="UndeclaredPredictorException"/> showing the line to add.</para>
/// <para>To write a module of your own, derive from this class: return the module's structure from <see cref="Structure"/>
/// and do its work in <see cref="RunCoreAsync"/>, running its predictors through <see cref="RunContext.RunAsync{TIn2, TOut2}"/>.</para>
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
public abstract partial class Program<TIn, TOut> : IProgram
{
    /// <summary>For modules: derive, return the structure from <see cref="Structure"/>, and implement <see cref="RunCoreAsync"/>.</summary>
    protected Program() { }

    /// <summary>
    /// Runs this node under <paramref name="context"/>: the run's settings, state, trace and history. Modules implement
    /// it; run child programs and predictors with <see cref="RunContext.RunAsync{TIn2, TOut2}"/> so they join the run.
    /// </summary>
    /// <param name="input">The input.</param>
    /// <param name="context">The run this node is part of.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The output.</returns>
    protected internal abstract ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken);

    /// <summary>
    /// What this program is made of: its predictors (built from, captured by its lambdas, or declared with
    /// <see cref="Uses(IPredictor[])"/>) and the state applied to them. Known when the program is composed; nothing runs.
    /// </summary>
    /// <remarks>A module returns a value computed once (in its constructor), e.g. <c>ProgramStructure.Of(_draft, _critique)</c>.</remarks>
    public abstract ProgramStructure Structure { get; }

    /// <summary>The predictors this program declares, in order (the same as <c>Structure.Predictors</c>).</summary>
    public IReadOnlyList<IPredictor> Predictors => Structure.Predictors;

    /// <summary>The learned parameters this program applies (empty unless it came from <see cref="WithState"/> or an optimizer).</summary>
    public ProgramState State => Structure.State;

    /// <inheritdoc />
    public Type InputType => typeof(TIn);

    /// <inheritdoc />
    public Type OutputType => typeof(TOut);

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
        (RunContext.Current is null
            ? RunRootAsync(input, RunContext.CreateRoot(settings, Structure), cancellationToken)
            : InvokeAsync(input, RunContext.JoinOrCreate(settings, Structure), cancellationToken)).AsTask();

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
        var context = RunContext.CreateRoot(settings ?? RunContext.Current?.Settings, Structure);
        var clock = Stopwatch.StartNew();
        TOut? output = default;
        Exception? error = null;
        try
        {
            output = await RunRootAsync(input, context, cancellationToken).ConfigureAwait(false);
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

    /// <summary>This program with <paramref name="state"/> applied to its predictors (it wins over any state they had, by name).</summary>
    /// <remarks>The state travels with the program: composing it into a larger one (<c>Then</c>, <c>Zip</c>, a LINQ query
    /// that captures it) keeps it, and saving the larger one writes it.</remarks>
    /// <param name="state">Learned parameters by predictor name; it may leave predictors out.</param>
    /// <returns>A new program; this one is unchanged.</returns>
    /// <exception cref="ProgramStateFormatException">The state names a predictor this program does not declare, or one compiled
    /// for another signature; the message names each and the difference.</exception>
    public Program<TIn, TOut> WithState(ProgramState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        // Applying state again replaces what this node applied (so WithState(ProgramState.Empty) undoes a compile);
        // state applied deeper, by parts composed into this one, stays unless named here.
        var unwrapped = this is StatefulProgram s ? s.Inner : this;
        return new StatefulProgram(unwrapped, unwrapped.Structure.WithState(state));
    }

    /// <summary>This program with <paramref name="state"/> applied, unchecked: for optimizers whose states are built from the structure.</summary>
    internal Program<TIn, TOut> WithStateUnchecked(ProgramState state)
    {
        var unwrapped = this is StatefulProgram s ? s.Inner : this;
        return new StatefulProgram(unwrapped, unwrapped.Structure.WithStateUnchecked(state));
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

    /// <summary>
    /// Declares predictors this program reaches in a way its structure cannot see: returned by a method, or built inside
    /// a lambda. Predictors a lambda captures (locals, fields of a captured <c>this</c>, arrays of them) or reads from a
    /// static field or auto-property are declared already. An undeclared predictor stops the first run with an
    /// <see cref="UndeclaredPredictorException"/>.
    /// </summary>
    /// <param name="predictors">The predictors.</param>
    /// <returns>A new program that runs exactly like this one.</returns>
    /// <exception cref="ProgramStructureException">One of them shares its name with a different predictor of this program.</exception>
    /// <example>
    /// <code>
    /// var judge = Judges.For("qa");   // returned by a method, then called through it inside the lambda
    /// var program = Programs.Input&lt;Example&gt;().Bind(q => Judges.For("qa").Call(q)).Uses(judge);
    /// </code>
    /// </example>
    public Program<TIn, TOut> Uses(params IPredictor[] predictors) => Uses((IEnumerable<IPredictor>)predictors);

    /// <summary>Declares predictors this program reaches in a way its structure cannot see (see <see cref="Uses(IPredictor[])"/>).</summary>
    /// <param name="predictors">The predictors.</param>
    /// <returns>A new program that runs exactly like this one.</returns>
    /// <exception cref="ProgramStructureException">One of them shares its name with a different predictor of this program.</exception>
    public Program<TIn, TOut> Uses(IEnumerable<IPredictor> predictors)
    {
        ArgumentNullException.ThrowIfNull(predictors);
        return new DeclaringProgram(this, ProgramStructure.Combine(Structure, ProgramStructure.Of(predictors)));
    }

    /// <summary>Declares programs this program reaches in a way its structure cannot see, with their predictors and state.</summary>
    /// <param name="programs">The programs, e.g. a compiled sub-program returned by a method the lambda calls.</param>
    /// <returns>A new program that runs exactly like this one.</returns>
    /// <exception cref="ProgramStructureException">Their predictors clash with this program's by name or state.</exception>
    public Program<TIn, TOut> UsesPrograms(params IProgram[] programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        return new DeclaringProgram(this, ProgramStructure.Combine([Structure, .. programs.Select(p => (p ?? throw new ArgumentNullException(nameof(programs))).Structure)]));
    }

    /// <summary>
    /// A program with state applied. The root of a run already holds the whole program's state (its structure's), so
    /// the node only applies its own when it runs under a context that did not come from a structure (a step run alone).
    /// </summary>
    private sealed class StatefulProgram(Program<TIn, TOut> inner, ProgramStructure structure) : Program<TIn, TOut>
    {
        internal override string? ModuleName => null;

        public Program<TIn, TOut> Inner => inner;

        public override ProgramStructure Structure => structure;

        protected internal override ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
            inner.InvokeAsync(input, context.Covers(structure.State) ? context : context.WithState(structure.State.Merge(context.State)), cancellationToken);
    }

    private sealed class SettingsProgram(Program<TIn, TOut> inner, Func<LMSettings, LMSettings> change) : Program<TIn, TOut>
    {
        internal override string? ModuleName => null;

        public override ProgramStructure Structure => inner.Structure;

        protected internal override ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
            inner.InvokeAsync(input, context.WithSettings(change(context.Settings)), cancellationToken);
    }

    private sealed class DeclaringProgram(Program<TIn, TOut> inner, ProgramStructure structure) : Program<TIn, TOut>
    {
        internal override string? ModuleName => null;

        public override ProgramStructure Structure => structure;

        protected internal override ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
            inner.InvokeAsync(input, context, cancellationToken);
    }
}
