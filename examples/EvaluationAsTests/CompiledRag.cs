[assembly: AssemblyFixture(typeof(Dspy.Fluent.Examples.EvaluationAsTests.CompiledRag))]

namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>
/// The program compiled once for the whole test assembly with BootstrapFewShot, and cached on disk: an unchanged
/// program, trainset, optimizer and LM reuse the cached compile (set DSPY_RECOMPILE=1 to force a new one).
/// </summary>
public sealed class CompiledRag : OptimizerFixture<Example, Prediction>
{
    private static int _compiles;

    /// <summary>How many times this process compiled (0 when the disk cache had it, 1 otherwise — never more).</summary>
    public static int Compiles => _compiles;

    protected override Program<Example, Prediction> CreateStudent() => Rag.Program;

    protected override IReadOnlyList<Example> CreateTrainset() => Rag.Train;

    protected override LMSettings CreateSettings() => Rag.Settings();

    protected override IOptimizer CreateOptimizer() =>
        new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 4, Settings = CreateSettings() });

    protected override Task<ProgramState> CompileAsync(Program<Example, Prediction> student, IReadOnlyList<Example> trainset, LMSettings settings,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _compiles);
        return base.CompileAsync(student, trainset, settings, cancellationToken);
    }
}
