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

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>
    public override string ToString() => $"{Name} {_options}";

    /// <inheritdoc />
    public override string Name => "LabeledFewShot";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;

    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var predictors = run.Predictors;
        var state = Apply(run.Student.State, predictors, run.Trainset, _options.K, new Random(_options.Seed));
        var trials = predictors.Select(p => new OptimizerTrial(p.Name, null, true, $"{state.Find(p.Name)!.Demos.Count} labeled demos")).ToList();
        return (run.Student.WithState(state), new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials,
            Chosen = $"{Math.Min(_options.K, run.Trainset.Count)} labeled demos for {(predictors.Count == 1 ? "its predictor" : $"each of {predictors.Count} predictors")}",
        });
    }

    /// <summary>Samples <paramref name="k"/> examples per predictor into <paramref name="state"/>, keeping everything else it holds.</summary>
    internal static ProgramState Apply(ProgramState state, IReadOnlyList<IPredictor> predictors, IReadOnlyList<Example> trainset, int k, Random random)
    {
        foreach (var p in predictors)
        {
            var demos = Usable(p, SeededSampling.Sample(trainset, Math.Min(k, trainset.Count), random));
            state = state.Update(p.Name, s => s with { Demos = demos, Signature = p.Signature });
        }
        return state;
    }

    /// <summary>
    /// Labeled examples as demos for <paramref name="predictor"/>: only its signature's fields are kept, and an example with
    /// none of its inputs or none of its outputs is left out (DSPy's adapter would skip it anyway; here it never reaches a
    /// saved state). A query-writing predictor gets no labeled demos from question/answer data, as in DSPy.
    /// </summary>
    internal static Example[] Usable(IPredictor predictor, IEnumerable<Example> examples)
    {
        var signature = predictor.Signature;
        return examples
            .Select(e => Example.From(e.Where(kv => signature.FindField(kv.Key) is not null)).WithInputs(e.InputKeys.Where(k => signature.FindField(k) is not null)))
            .Where(d => signature.InputFields.Any(f => d.ContainsKey(f.Name)) && signature.OutputFields.Any(f => d.ContainsKey(f.Name)))
            .ToArray();
    }

    /// <summary>Whether <paramref name="demo"/> was made from <paramref name="example"/> (every field it has, the example has with the same value).</summary>
    internal static bool IsFrom(Example demo, Example example) =>
        !demo.ContainsKey(PredictorState.AugmentedKey) &&
        demo.All(kv => example.TryGetValue(kv.Key, out var value) && Internal.ValueConverter.ValueEquals(value, kv.Value));

    private static LabeledFewShotOptions Validate(LabeledFewShotOptions o)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(o.K, nameof(o.K));
        return o;
    }
}
