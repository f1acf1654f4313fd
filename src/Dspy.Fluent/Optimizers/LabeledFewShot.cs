namespace Dspy.Fluent;

/// <summary>
/// Gives every predictor a seeded random sample of <c>k</c> training examples as demos. No LM call is made.
/// </summary>
/// <remarks>Corresponds to <c>dspy.LabeledFewShot</c>. Demos are the raw examples: fields a predictor's signature lacks
/// are ignored, and fields it has that the examples lack (e.g. <c>reasoning</c>) make them DSPy's "incomplete" demos.</remarks>
/// <example>
/// <code>
/// var compiled = (await new LabeledFewShot(new LabeledFewShotOptions { K = 4 }).CompileAsync(program, trainset)).Program;
/// </code>
/// </example>
public sealed class LabeledFewShot(LabeledFewShotOptions? options = null) : Optimizer
{
    private readonly LabeledFewShotOptions _options = Validate(options ?? new LabeledFewShotOptions());

    /// <inheritdoc />
    public override string Name => "LabeledFewShot";

    private protected override LMSettings? Settings => _options.Settings;

    private protected override IProgress<OptimizerProgress>? Progress => _options.Progress;

    private protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var predictors = await PredictorDiscovery.FindAsync(run, cancellationToken).ConfigureAwait(false);
        var state = Apply(run.Student.State, predictors, run.Trainset, _options.K, new Random(_options.Seed));
        var trials = predictors.Select(p => new OptimizerTrial(p.Name, null, true, $"{state.Find(p.Name)!.Demos.Count} labeled demos")).ToList();
        return (run.Student.WithState(state), new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials,
            Chosen = $"{Math.Min(_options.K, run.Trainset.Count)} labeled demos for each of {predictors.Count} predictor(s)",
        });
    }

    /// <summary>Samples <paramref name="k"/> examples per predictor into <paramref name="state"/>, keeping everything else it holds.</summary>
    internal static ProgramState Apply(ProgramState state, IReadOnlyList<IPredictor> predictors, IReadOnlyList<Example> trainset, int k, Random random)
    {
        foreach (var p in predictors)
        {
            var demos = SeededSampling.Sample(trainset, Math.Min(k, trainset.Count), random);
            state = state.Update(p.Name, s => s with { Demos = demos, Signature = p.Signature });
        }
        return state;
    }

    private static LabeledFewShotOptions Validate(LabeledFewShotOptions o)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(o.K, nameof(o.K));
        return o;
    }
}
