using System.Threading.Channels;

namespace Dspy.Fluent;

/// <summary>
/// What one run carries down the program tree: settings, the state in force, hints for predictors, and the recorder
/// for its trace and history. Passed explicitly to every step; also ambient (AsyncLocal) so that code lifted with
/// <c>Programs.From</c> can run predictors inside the same run.
/// </summary>
internal sealed class RunContext
{
    private static readonly AsyncLocal<RunContext?> Ambient = new();

    private RunContext(LMSettings settings, ProgramState state, RunRecorder recorder, ChannelWriter<FieldEvent>? stream = null,
        IReadOnlyDictionary<string, string>? hints = null)
    {
        Settings = settings;
        State = state;
        Recorder = recorder;
        Stream = stream;
        Hints = hints;
    }

    public LMSettings Settings { get; }

    public ProgramState State { get; }

    public RunRecorder Recorder { get; }

    /// <summary>Where predictors send field text as it streams in, when the run was started with <c>StreamAsync</c>.</summary>
    public ChannelWriter<FieldEvent>? Stream { get; }

    /// <summary>
    /// Advice by predictor name (Refine's feedback): a predictor with a hint here gets an extra <c>hint_</c> input
    /// for this run only. Null when there are none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Hints { get; }

    public static RunContext? Current => Ambient.Value;

    public static RunContext CreateRoot(LMSettings? settings, ChannelWriter<FieldEvent>? stream = null) =>
        new(settings ?? LMSettings.Current ?? LMSettings.Empty, ProgramState.Empty, new RunRecorder(), stream);

    /// <summary>The run a nested call joins: the ambient one if any (with settings overridden when given), else a new root.</summary>
    public static RunContext JoinOrCreate(LMSettings? settings) =>
        Current is { } current ? (settings is null ? current : current.WithSettings(settings)) : CreateRoot(settings);

    public RunContext WithState(ProgramState state) => ReferenceEquals(state, State) ? this : new(Settings, state, Recorder, Stream, Hints);

    public RunContext WithSettings(LMSettings settings) => ReferenceEquals(settings, Settings) ? this : new(settings, State, Recorder, Stream, Hints);

    public RunContext WithHints(IReadOnlyDictionary<string, string>? hints) => ReferenceEquals(hints, Hints) ? this : new(Settings, State, Recorder, Stream, hints);

    /// <summary>
    /// The same run with a trace of its own but the shared LM history (and stream): for attempts (BestOfN, Refine)
    /// whose trace is kept only if the attempt is chosen, while every LM call still counts for cost and inspection.
    /// </summary>
    public RunContext WithFreshTrace() => new(Settings, State, Recorder.Fork(), Stream, Hints);

    /// <summary>The same run without the stream sink, e.g. for the extra completions of <c>CallMany</c>, whose fields
    /// would otherwise interleave with the first one's under the same predictor name.</summary>
    public RunContext WithoutStream() => Stream is null ? this : new(Settings, State, Recorder, null, Hints);

    /// <summary>
    /// A side computation of this run (a reward, Refine's advice): it shares the history, so its LM calls are
    /// counted, but not the trace, the hints or the stream, so it never shows up as part of the program.
    /// </summary>
    public RunContext Detached() => new(Settings, State, Recorder.Fork());

    /// <summary>Makes this context ambient until the returned scope is disposed.</summary>
    public AmbientScope Enter()
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
