using Dspy.Fluent.Internal;
using Xunit;

namespace Dspy.Fluent;

/// <summary>
/// A class or assembly fixture that compiles a program once and shares it with every test that takes the fixture.
/// The compiled state is cached on disk, keyed by a hash of the program's shape, the trainset, the optimizer's
/// settings and the LM's identity, so an unchanged compile is loaded instead of run again.
/// </summary>
/// <typeparam name="TIn">The program's input type.</typeparam>
/// <typeparam name="TOut">The program's output type.</typeparam>
/// <remarks>
/// <para>Derive from it, say what to compile and how, and use it with <c>IClassFixture&lt;T&gt;</c>, a collection fixture or
/// <c>[assembly: AssemblyFixture(typeof(T))]</c>. For an <see cref="IOptimizer"/>, derive from <see cref="OptimizerFixture{TIn, TOut}"/>.</para>
/// <para>The cache folder is <see cref="CacheDirectory"/> (default: the <c>DSPY_COMPILE_CACHE</c> environment variable, else
/// <c>dspy-compiled/</c> beside the test assembly); point it into the repository to share compiles with everyone.
/// Force a fresh compile with <c>DSPY_RECOMPILE=1</c> (or a comma-separated list of fixture class names), or by
/// overriding <see cref="ForceRecompile"/>. Old cache files of the same fixture (<see cref="CacheName"/>) are removed when a new one is written.</para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class CompiledQa : CompiledProgramFixture&lt;Example, Prediction&gt;
/// {
///     protected override Program&lt;Example, Prediction&gt; CreateStudent() =&gt; Qa.Program;
///     protected override IReadOnlyList&lt;Example&gt; CreateTrainset() =&gt; Data.Train;
///     protected override LMSettings CreateSettings() =&gt; new() { Client = lm };
///     protected override string OptimizerSettings =&gt; "labeled k=4 seed=0";
///     protected override Task&lt;ProgramState&gt; CompileAsync(Program&lt;Example, Prediction&gt; student, IReadOnlyList&lt;Example&gt; trainset,
///         LMSettings settings, CancellationToken ct) =&gt; MyCompiler.CompileAsync(student, trainset, ct);
/// }
/// </code>
/// </example>
public abstract class CompiledProgramFixture<TIn, TOut> : IAsyncLifetime
{
    /// <summary>The environment variable that forces recompiling: <c>1</c>/<c>true</c>/<c>all</c>, or fixture class names separated by commas.</summary>
    public const string RecompileVariable = "DSPY_RECOMPILE";

    /// <summary>The environment variable that sets the cache folder.</summary>
    public const string CacheDirectoryVariable = "DSPY_COMPILE_CACHE";

    private Program<TIn, TOut>? _student;
    private Program<TIn, TOut>? _program;
    private LMSettings? _settings;

    /// <summary>The uncompiled program.</summary>
    public Program<TIn, TOut> Student => _student ?? throw NotInitialized();

    /// <summary>The compiled program: <see cref="Student"/> with <see cref="State"/>.</summary>
    public Program<TIn, TOut> Program => _program ?? throw NotInitialized();

    /// <summary>The compiled state.</summary>
    public ProgramState State => Program.State;

    /// <summary>The LM settings the program was compiled with (use them to run it).</summary>
    public LMSettings Settings => _settings ?? throw NotInitialized();

    /// <summary>The trainset the program was compiled on.</summary>
    public IReadOnlyList<Example> Trainset { get; private set; } = [];

    /// <summary>Whether the state came from the disk cache (no compile ran).</summary>
    public bool LoadedFromCache { get; private set; }

    /// <summary>The hash the cache file is keyed by.</summary>
    public string CacheKey { get; private set; } = "";

    /// <summary>The cache file.</summary>
    public string CachePath { get; private set; } = "";

    /// <summary>The program to compile.</summary>
    protected abstract Program<TIn, TOut> CreateStudent();

    /// <summary>The training examples.</summary>
    protected abstract IReadOnlyList<Example> CreateTrainset();

    /// <summary>The LM the compile runs with (it is also ambient during the compile).</summary>
    protected abstract LMSettings CreateSettings();

    /// <summary>Compiles the student; called only when no cached compile matches.</summary>
    /// <param name="student">The program to compile.</param>
    /// <param name="trainset">The training examples.</param>
    /// <param name="settings">The LM settings (also ambient).</param>
    /// <param name="cancellationToken">Cancels the compile.</param>
    /// <returns>The learned state.</returns>
    protected abstract Task<ProgramState> CompileAsync(Program<TIn, TOut> student, IReadOnlyList<Example> trainset, LMSettings settings,
        CancellationToken cancellationToken);

    /// <summary>The optimizer's settings as stable text, part of the cache key: change it whenever the compile would change.</summary>
    protected virtual string OptimizerSettings => "";

    /// <summary>
    /// Objects whose code decides the compile, for the cache key (an optimizer with its metric). None here: a hand-written
    /// <see cref="CompileAsync"/> is identified by <see cref="OptimizerSettings"/>, so fixtures that only count or log
    /// around the same compile share one cache entry.
    /// </summary>
    internal virtual object?[] CompileCode => [];

    /// <summary>The cache folder.</summary>
    protected virtual string CacheDirectory =>
        Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "dspy-compiled");

    /// <summary>The cache file's name prefix; the fixture class name by default. Fixtures with the same name share (and replace) each other's files.</summary>
    protected virtual string CacheName => GetType().Name;

    /// <summary>Whether to compile even when a cached compile matches; from <see cref="RecompileVariable"/> by default.</summary>
    protected virtual bool ForceRecompile
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(RecompileVariable)?.Trim();
            if (string.IsNullOrEmpty(value)) return false;
            if (value is "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("all", StringComparison.OrdinalIgnoreCase)) return true;
            return value.Split(',', StringSplitOptions.TrimEntries).Contains(GetType().Name, StringComparer.Ordinal);
        }
    }

    /// <summary>Loads the cached compile or compiles, then saves.</summary>
    public virtual async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _student = CreateStudent() ?? throw new InvalidOperationException($"{GetType().Name}.CreateStudent returned null.");
        Trainset = CreateTrainset() ?? throw new InvalidOperationException($"{GetType().Name}.CreateTrainset returned null.");
        _settings = CreateSettings() ?? throw new InvalidOperationException($"{GetType().Name}.CreateSettings returned null.");
        CacheKey = CompileCacheKey.Compute(_student, Trainset, OptimizerSettings, _settings, CompileCode);
        var folder = CacheDirectory;
        // The whole key is in the name: a file found under it was compiled for exactly this program, data and LM.
        CachePath = Path.Combine(folder, $"{CacheName}.{CacheKey}.json");

        if (!ForceRecompile && File.Exists(CachePath)
            && await TryLoadAsync(cancellationToken).ConfigureAwait(false) is { } cached)
        {
            _program = _student.WithState(cached);
            LoadedFromCache = true;
            return;
        }

        ProgramState state;
        using (LMSettings.Use(_settings))
            state = await CompileAsync(_student, Trainset, _settings, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{GetType().Name}.CompileAsync returned null.");
        _program = _student.WithState(state);
        LoadedFromCache = false;
        await SaveAsync(folder, _program.State, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Nothing to release by default.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private async Task SaveAsync(string folder, ProgramState state, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        // Write then move, so a crash never leaves a half-written file that looks like a valid compile.
        var temp = CachePath + $".{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temp, state.ToJson(), cancellationToken).ConfigureAwait(false);
        File.Move(temp, CachePath, overwrite: true);
        foreach (var stale in Directory.EnumerateFiles(folder, $"{CacheName}.*.json"))
            if (!string.Equals(Path.GetFullPath(stale), Path.GetFullPath(CachePath), StringComparison.Ordinal)) File.Delete(stale);
    }

    /// <summary>The cached state, or null when the file cannot be read (a corrupt cache entry means "compile again").</summary>
    private async Task<ProgramState?> TryLoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return ProgramState.FromJson(await File.ReadAllTextAsync(CachePath, cancellationToken).ConfigureAwait(false));
        }
        catch (ProgramStateFormatException)
        {
            return null;
        }
    }

    private InvalidOperationException NotInitialized() =>
        new($"{GetType().Name} is not initialized: xunit initializes fixtures before tests; when creating one by hand, await InitializeAsync() first.");
}
