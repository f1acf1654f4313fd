namespace Dspy.Fluent;

/// <summary>
/// MIPROv2's step 1: <c>n</c> demo sets per predictor, made as random search makes its candidates: no demos, labeled
/// demos only, an unshuffled bootstrap, then bootstraps over a shuffled trainset with a random demo count.
/// </summary>
internal static class DemoSetCandidates
{
    /// <summary>Per predictor (in order), its demo sets; set 0 is always the empty one.</summary>
    public static async Task<List<List<IReadOnlyList<Example>>>> CreateAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, IReadOnlyList<IPredictor> predictors,
        IReadOnlyList<Example> trainset, IMetric metric, int count, int maxBootstrapped, int maxLabeled, double? threshold, int concurrency,
        Random random, CancellationToken cancellationToken)
    {
        var sets = predictors.Select(_ => new List<IReadOnlyList<Example>>()).ToList();
        var inner = new CompileOptions<TIn, TOut> { ToInput = run.ToInput, Teacher = run.Options.Teacher };
        for (var seed = -3; seed < count - 3; seed++)
        {
            run.Report("bootstrapping demo sets", seed + 3, count, null, $"demo set {seed + 4}/{count}");
            ProgramState state;
            if (seed == -3) state = ProgramState.Empty;
            else if (seed == -2 && maxLabeled > 0) state = LabeledFewShot.Apply(ProgramState.Empty, predictors, trainset, maxLabeled, random);
            else
            {
                var shuffled = seed == -1 ? trainset : SeededSampling.Shuffle(trainset, random);
                var size = seed == -1 ? maxBootstrapped : random.Next(Math.Min(1, maxBootstrapped), maxBootstrapped + 1);
                var compiled = await new BootstrapFewShot(metric, new BootstrapFewShotOptions
                {
                    MaxBootstrappedDemos = size, MaxLabeledDemos = maxLabeled, MetricThreshold = threshold, Concurrency = concurrency,
                    Seed = seed, Settings = run.Settings,
                }).CompileAsync(run.Student, shuffled, inner, cancellationToken).ConfigureAwait(false);
                run.Absorb(compiled.Report);
                state = compiled.State;
            }
            for (var i = 0; i < predictors.Count; i++) sets[i].Add(state.Find(predictors[i].Name)?.Demos ?? []);
        }
        return sets;
    }
}
