namespace Dspy.Fluent.Tests;

/// <summary>
/// Compiles the QA program by taking the first two training examples as demos (a deterministic stand-in for an
/// optimizer). Used as the assembly fixture; its cache folder is fresh per test run, so its one initialisation compiles.
/// </summary>
public sealed class CompiledQa : CompiledProgramFixture<Example, Prediction>
{
    public static readonly string RunCacheFolder = Path.Combine(Path.GetTempPath(), $"dspy-testing-tests-{Environment.ProcessId}-{Guid.NewGuid():N}");

    private static int s_compiles;

    /// <summary>How often any CompiledQa really compiled (xunit makes one, for the whole assembly).</summary>
    public static int Compiles => Volatile.Read(ref s_compiles);

    public static IReadOnlyList<Example> Train { get; } =
    [
        TestPrograms.Question("Where was Ada born?", "London"),
        TestPrograms.Question("Which river runs through Lyon?", "Rhône"),
        TestPrograms.Question("Who designed the Analytical Engine?", "Charles Babbage"),
    ];

    public static Task<ProgramState> FirstTwoAsDemos(IReadOnlyList<Example> trainset) =>
        Task.FromResult(ProgramState.Empty.With("qa", new PredictorState { Demos = trainset.Take(2).ToArray() }));

    protected override Program<Example, Prediction> CreateStudent() => TestPrograms.Qa;

    protected override IReadOnlyList<Example> CreateTrainset() => Train;

    protected override LMSettings CreateSettings() => TestPrograms.Settings();

    protected override string OptimizerSettings => "first-two-as-demos";

    protected override string CacheDirectory => RunCacheFolder;

    protected override Task<ProgramState> CompileAsync(Program<Example, Prediction> student, IReadOnlyList<Example> trainset, LMSettings settings,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref s_compiles);
        return FirstTwoAsDemos(trainset);
    }

    public override ValueTask DisposeAsync()
    {
        if (Directory.Exists(RunCacheFolder)) Directory.Delete(RunCacheFolder, recursive: true);
        return base.DisposeAsync();
    }
}

/// <summary>Another fixture instance made by hand, sharing CompiledQa's cache files unless told otherwise, counting its own compiles.</summary>
public sealed class ManualQa : CompiledProgramFixture<Example, Prediction>
{
    public int Compiles { get; private set; }

    public bool Force { get; init; }

    public string Optimizer { get; init; } = "first-two-as-demos";

    public string Folder { get; init; } = CompiledQa.RunCacheFolder;

    protected override Program<Example, Prediction> CreateStudent() => TestPrograms.Qa;

    protected override IReadOnlyList<Example> CreateTrainset() => CompiledQa.Train;

    protected override LMSettings CreateSettings() => TestPrograms.Settings();

    protected override string OptimizerSettings => Optimizer;

    protected override string CacheDirectory => Folder;

    protected override string CacheName => nameof(CompiledQa);

    protected override bool ForceRecompile => Force;

    protected override Task<ProgramState> CompileAsync(Program<Example, Prediction> student, IReadOnlyList<Example> trainset, LMSettings settings,
        CancellationToken cancellationToken)
    {
        Compiles++;
        return CompiledQa.FirstTwoAsDemos(trainset);
    }
}

public sealed class FixtureSharedByFirstClassTests(CompiledQa fixture)
{
    [Fact]
    public async Task The_assembly_fixture_compiled_once_and_its_program_runs_with_the_demos()
    {
        var lm = TestPrograms.KnowingLM();

        await fixture.Program.RunAsync(TestPrograms.Question("Where was Ada born?", "London"), fixture.Settings with { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal(1, CompiledQa.Compiles);
        Assert.False(fixture.LoadedFromCache);
        Assert.Equal(6, lm.Requests[0].Messages.Count); // system, two demo pairs, the question
    }
}

public sealed class FixtureSharedBySecondClassTests(CompiledQa fixture)
{
    [Fact]
    public void The_second_class_gets_the_same_compile()
    {
        Assert.Equal(1, CompiledQa.Compiles);
        Assert.Equal(2, fixture.State.Find("qa")!.Demos.Count);
        Assert.True(File.Exists(fixture.CachePath));
    }
}

public sealed class CompileCacheTests(CompiledQa shared)
{
    [Fact]
    public async Task A_second_fixture_instance_with_the_same_inputs_loads_the_compile_from_disk()
    {
        var second = new ManualQa();

        await second.InitializeAsync();

        Assert.True(second.LoadedFromCache);
        Assert.Equal(0, second.Compiles);
        Assert.Equal(1, CompiledQa.Compiles);
        Assert.Equal(shared.CacheKey, second.CacheKey);
        Assert.Equal(shared.State, second.State);
    }

    [Fact]
    public async Task Forcing_a_recompile_compiles_even_when_the_cache_matches()
    {
        var forced = new ManualQa { Force = true };

        await forced.InitializeAsync();

        Assert.False(forced.LoadedFromCache);
        Assert.Equal(1, forced.Compiles);
        Assert.Equal(shared.State, forced.State);
    }

    [Fact]
    public async Task Other_optimizer_settings_give_another_key_and_a_fresh_compile()
    {
        // Its own folder: writing a new compile removes the fixture's older files, which other tests still read.
        var folder = Directory.CreateTempSubdirectory("dspy-testing-v2-");
        try
        {
            File.Copy(shared.CachePath, Path.Combine(folder.FullName, Path.GetFileName(shared.CachePath)));
            var changed = new ManualQa { Optimizer = "first-two-as-demos v2", Folder = folder.FullName };

            await changed.InitializeAsync();

            Assert.NotEqual(shared.CacheKey, changed.CacheKey);
            Assert.Equal(1, changed.Compiles);
            Assert.Equal([Path.GetFileName(changed.CachePath)], folder.EnumerateFiles().Select(f => f.Name)); // the stale compile was replaced
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_cache_file_is_a_saved_program_state_named_by_its_full_key()
    {
        var text = File.ReadAllText(shared.CachePath);

        Assert.EndsWith($".{shared.CacheKey}.json", shared.CachePath, StringComparison.Ordinal);
        Assert.Contains("\"format\": \"dspy-fluent/program-state\"", text);
        Assert.Contains("Where was Ada born?", text);
        Assert.Equal(shared.State, ProgramState.FromJson(text));
    }
}
