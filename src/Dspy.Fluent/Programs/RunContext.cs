using System.Threading.Channels;

namespace Dspy.Fluent;

/// <summary>
/// What one run carries down the program tree: settings, the state in force, and the recorder for its trace and
/// history. Passed explicitly to every step; also ambient (AsyncLocal) so that code lifted with
/// <c>Programs.From</c> can run predictors inside the same run.
/// </summary>
internal sealed class RunContext
{
    private static readonly AsyncLocal<RunContext?> Ambient = new();

    private RunContext(LMSettings settings, ProgramState state, RunRecorder recorder, ChannelWriter<FieldEvent>? stream = null)
    {
        Settings = settings;
        State = state;
        Recorder = recorder;
        Stream = stream;
    }

    public LMSettings Settings { get; }

    public ProgramState State { get; }

    public RunRecorder Recorder { get; }

    /// <summary>Where predictors send field text as it streams in, when the run was started with <c>StreamAsync</c>.</summary>
    public ChannelWriter<FieldEvent>? Stream { get; }

    public static RunContext? Current => Ambient.Value;

    public static RunContext CreateRoot(LMSettings? settings, ChannelWriter<FieldEvent>? stream = null) =>
        new(settings ?? LMSettings.Current ?? LMSettings.Empty, ProgramState.Empty, new RunRecorder(), stream);

    /// <summary>The run a nested call joins: the ambient one if any (with settings overridden when given), else a new root.</summary>
    public static RunContext JoinOrCreate(LMSettings? settings) =>
        Current is { } current ? (settings is null ? current : current.WithSettings(settings)) : CreateRoot(settings);

    public RunContext WithState(ProgramState state) => ReferenceEquals(state, State) ? this : new(Settings, state, Recorder, Stream);

    public RunContext WithSettings(LMSettings settings) => ReferenceEquals(settings, Settings) ? this : new(settings, State, Recorder, Stream);

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
