namespace Acme.DspyExtensions;

/// <summary>
/// An optimizer written outside Dspy.Fluent: run the student on each training example in order and keep the predictor
/// calls of the first <c>k</c> passing runs as demos, for every declared predictor.
/// </summary>
public sealed class PassingTraceDemos(IMetric metric, int k, LMSettings? settings = null) : Optimizer
{
    public override string Name => "PassingTraceDemos";

    protected override LMSettings? Settings => settings;

    protected override IProgress<OptimizerProgress>? Progress => null;

    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var demos = run.Predictors.ToDictionary(p => p.Name.Value, _ => new List<Example>());
        var trials = new List<OptimizerTrial>();
        var passed = 0;
        for (var i = 0; i < run.Trainset.Count && passed < k; i++)
        {
            var scored = await run.RunAsync(run.Student, run.Trainset[i], metric, bootstrapping: true, settings: null, cancellationToken);
            var ok = scored.Passed(threshold: null);
            trials.Add(new OptimizerTrial($"example {i}", scored.Score?.Score, ok, scored.Error));
            if (!ok) continue;
            passed++;
            foreach (var entry in scored.Trace.Where(t => t.Signature is not null))
                demos[entry.Name].Add(entry.ToDemo().With(PredictorState.AugmentedKey, true));
        }
        run.Note($"{passed} passing run(s) of {trials.Count}");
        var state = run.Student.State;
        foreach (var (name, list) in demos) state = state.Update(name, s => s.WithDemos(list));
        return (run.Student.WithState(state), new OptimizerReport { Optimizer = Name, Trials = trials, Chosen = $"{passed} traces" });
    }
}
