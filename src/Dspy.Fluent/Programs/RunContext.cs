using System.Threading.Channels;

namespace Dspy.Fluent;

/// <summary>
/// One run as it travels down the program tree: the LM settings, the state in force, the structure that declares
/// which predictors may run, and the recorder of its trace and history.
/// </summary>
/// <remarks>
/// <para>A module receives it in <c>RunCoreAsync</c> and hands it on with <see cref="RunAsync{TIn, TOut}"/> so its
/// predictors and child programs record into the same run. It is also ambient (AsyncLocal) inside code lifted with
/// <c>Programs.From</c>, so a <c>RunAsync</c> there joins the run.</para>
/// <para>Immutable: every <c>With…</c> returns a new context for a part of the run.</para>
/// </remarks>
/// <example>
/// <code>
/// protected internal override async ValueTask&lt;Prediction&gt; RunCoreAsync(Example input, RunContext context, CancellationToken ct)
/// {
///     var draft = await context.RunAsync(_draft, input, ct);
///     return await context.RunAsync(_critique, input.With("draft", draft.GetText("answer")), ct);
/// }
/// </code>
/// </example>
public sealed class RunContext
{
    private static readonly AsyncLocal<RunContext?> Ambient = new();

    private RunContext(LMSettings settings, ProgramState state, RunRecorder recorder, ProgramStructure? declared,
        ChannelWriter<FieldEvent>? stream = null, IReadOnlyDictionary<string, string>? hints = null)
    {
        Settings = settings;
        State = state;
        Recorder = recorder;
        Declared = declared;
        Stream = stream;
        Hints = hints;
    }

    /// <summary>The LM and its settings for this part of the run.</summary>
    public LMSettings Settings { get; }

    /// <summary>The learned state in force, by predictor name.</summary>
    public ProgramState State { get; }

    /// <summary>The predictor calls recorded so far in this run (or attempt).</summary>
    public IReadOnlyList<TraceEntry> Trace => Recorder.Trace;

    /// <summary>
    /// The structure of the program this run started from: the predictors that may run in it. Null for a step run on
    /// its own, which has no program to declare them.
    /// </summary>
    public ProgramStructure? Declared { get; }

    internal RunRecorder Recorder { get; }

    /// <summary>Where predictors send field text as it streams in, when the run was started with <c>StreamAsync</c>.</summary>
    internal ChannelWriter<FieldEvent>? Stream { get; }

    /// <summary>
    /// Advice by predictor name (Refine's feedback): a predictor with a hint here gets an extra <c>hint_</c> input
    /// for this run only. Null when there are none.
    /// </summary>
    internal IReadOnlyDictionary<string, string>? Hints { get; }

    internal static RunContext? Current => Ambient.Value;

    /// <summary>Runs <paramref name="program"/> (a predictor, a child program) as part of this run.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The program; its predictors must be declared by the run's structure.</param>
    /// <param name="input">Its input.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public ValueTask<TOut> RunAsync<TIn, TOut>(Program<TIn, TOut> program, TIn input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        return program.InvokeAsync(input, this, cancellationToken);
    }

    /// <summary>This run with other LM settings for the part run under it (e.g. a teacher model or a temperature).</summary>
    /// <param name="settings">The settings.</param>
    public RunContext WithSettings(LMSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ReferenceEquals(settings, Settings) ? this : new(settings, State, Recorder, Declared, Stream, Hints);
    }

    internal static RunContext CreateRoot(LMSettings? settings, ProgramStructure? declared, ChannelWriter<FieldEvent>? stream = null) =>
        new(settings ?? LMSettings.Current ?? LMSettings.Empty, declared?.State ?? ProgramState.Empty, new RunRecorder(), declared, stream);

    /// <summary>The run a nested call joins: the ambient one if any (with settings overridden when given), else a new root.</summary>
    internal static RunContext JoinOrCreate(LMSettings? settings, ProgramStructure? declared) =>
        Current is { } current ? (settings is null ? current : current.WithSettings(settings)) : CreateRoot(settings, declared);

    internal RunContext WithState(ProgramState state) => ReferenceEquals(state, State) ? this : new(Settings, state, Recorder, Declared, Stream, Hints);

    /// <summary>Whether every predictor <paramref name="state"/> names already has a state in force here (its own, or an outer one that wins).</summary>
    internal bool Covers(ProgramState state)
    {
        if (ReferenceEquals(state, State)) return true;
        foreach (var name in state.Predictors.Keys)
            if (State.Find(name) is null) return false;
        return true;
    }

    internal RunContext WithHints(IReadOnlyDictionary<string, string>? hints) => ReferenceEquals(hints, Hints) ? this : new(Settings, State, Recorder, Declared, Stream, hints);

    /// <summary>
    /// The same run with a trace of its own but the shared LM history (and stream): for attempts (BestOfN, Refine)
    /// whose trace is kept only if the attempt is chosen, while every LM call still counts for cost and inspection.
    /// </summary>
    internal RunContext WithFreshTrace() => new(Settings, State, Recorder.Fork(), Declared, Stream, Hints);

    /// <summary>The same run without the stream sink, e.g. for the extra completions of <c>CallMany</c>, whose fields
    /// would otherwise interleave with the first one's under the same predictor name.</summary>
    internal RunContext WithoutStream() => Stream is null ? this : new(Settings, State, Recorder, Declared, null, Hints);

    /// <summary>
    /// A side computation of this run (a reward, a judge, Refine's advice): it shares the history, so its LM calls are
    /// counted, but not the trace, the hints or the stream, so it never shows up as part of the program; and it is not
    /// part of the program's structure, so what it runs is not checked against it.
    /// </summary>
    internal RunContext Detached() => new(Settings, State, Recorder.Fork(), declared: null);

    /// <summary>Throws when <paramref name="predictor"/> is about to run in a program that does not declare it.</summary>
    internal void CheckDeclared(IPredictor predictor)
    {
        if (Declared is not { } declared || declared.Declares(predictor)) return;
        throw Undeclared(predictor, declared);
    }

    private static UndeclaredPredictorException Undeclared(IPredictor predictor, ProgramStructure declared)
    {
        var sameName = declared.Find(predictor.Name);
        var why = sameName is null
            ? $"the program declares {(declared.Predictors.Count == 0 ? "no predictors" : string.Join(", ", declared.Predictors.Select(p => $"'{p.Name}'")))}"
            : $"the program declares another predictor under that name ({Internal.PredictorText.Difference(sameName, predictor)})";
        return new UndeclaredPredictorException(
            $"Predictor '{predictor.Name}' ({predictor.Kind}, '{predictor.Signature}') ran inside a program that does not declare it: {why}. " +
            "A program must declare every predictor it runs, so optimizers, saved state and prompt snapshots include it. " +
            "Predictors a lambda captures or reads from a static field are declared already; this one was reached another way (returned by a method, or built inside the lambda). " +
            $"Add it where the program is composed: `program = program.Uses(/* the predictor named '{predictor.Name}' */);`, " +
            "or build it once outside the lambda and capture it.", predictor.Name);
    }

    /// <summary>Makes this context ambient until the returned scope is disposed.</summary>
    internal AmbientScope Enter()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new AmbientScope(previous);
    }

    internal readonly struct AmbientScope(RunContext? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
