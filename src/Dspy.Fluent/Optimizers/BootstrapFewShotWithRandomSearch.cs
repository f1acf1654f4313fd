namespace Dspy.Fluent;

/// <summary>
/// Compiles several candidate programs and keeps the one that scores best on the valset: zero-shot, labeled demos only,
/// an unshuffled bootstrap, then bootstraps over a shuffled trainset with a random demo count, one per seed.
/// </summary>
/// <remarks>Corresponds to <c>dspy.BootstrapFewShotWithRandomSearch</c>. Candidates are scored with <see cref="Evaluate"/>
/// (bounded concurrency); the valset defaults to the trainset. Candidate seeds are -3 (zero-shot), -2 (labeled),
/// -1 (unshuffled) and 0…N-1, as in DSPy; the first best-scoring candidate wins ties.</remarks>
/// <example>
/// <code>
/// var search = new BootstrapFewShotWithRandomSearch(Metrics.ExactMatch, new() { NumCandidatePrograms = 8 });
/// var best = (await search.CompileAsync(program, trainset, new CompileOptions&lt;Example, Prediction&gt; { Valset = devset })).Program;
/// </code>
/// </example>
public sealed class BootstrapFewShotWithRandomSearch : Optimizer
{
    private readonly IMetric _metric;
    private readonly BootstrapFewShotWithRandomSearchOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="metric">Scores candidates (and gates bootstrapped traces).</param>
    /// <param name="options">Settings; DSPy's defaults when null.</param>
    public BootstrapFewShotWithRandomSearch(IMetric metric, BootstrapFewShotWithRandomSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metric = metric;
        _options = options ?? new BootstrapFewShotWithRandomSearchOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.NumCandidatePrograms, nameof(BootstrapFewShotWithRandomSearchOptions.NumCandidatePrograms));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MinNumSamples, 0, nameof(BootstrapFewShotWithRandomSearchOptions.MinNumSamples));
        if (_options.MaxBootstrappedDemos < _options.MinNumSamples)
            throw new ArgumentException($"MaxBootstrappedDemos ({_options.MaxBootstrappedDemos}) must be at least MinNumSamples ({_options.MinNumSamples}).", nameof(options));
    }

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>
    public override string ToString() => $"{Name} (metric {_metric.Name}) {_options}";

    /// <inheritdoc />
    public override string Name => "BootstrapFewShotWithRandomSearch";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;

    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var valset = run.Options.Valset ?? run.Trainset;
        var trials = new List<OptimizerTrial>();
        Program<TIn, TOut>? best = null;
        double bestScore = double.NegativeInfinity;
        string bestLabel = "";
        var total = _options.NumCandidatePrograms + 3;
        for (var seed = -3; seed < _options.NumCandidatePrograms; seed++)
        {
            var (candidate, label) = await CandidateAsync(run, seed, cancellationToken).ConfigureAwait(false);
            var result = await run.EvaluateAsync(candidate, valset, _metric, _options.Concurrency, cancellationToken).ConfigureAwait(false);
            var better = result.Score > bestScore;
            if (better) (best, bestScore, bestLabel) = (candidate, result.Score, label);
            trials.Add(new OptimizerTrial(label, result.Score, better, better ? "best so far" : null));
            run.Report("evaluating candidates", seed + 4, total, bestScore, $"{label}: {result.Score:P1}");
            if (_options.StopAtScore is { } stop && bestScore >= stop)
            {
                run.Note($"Stopped after {seed + 4} candidates: {bestLabel} reached {bestScore:P1} (StopAtScore {stop:P1}).");
                break;
            }
        }
        return (best!, new OptimizerReport
        {
            Optimizer = Name, Trials = trials, Score = bestScore,
            Chosen = $"{bestLabel}, valset score {bestScore:P1} on {valset.Count} examples",
        });
    }

    private async Task<(Program<TIn, TOut> Program, string Label)> CandidateAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, int seed, CancellationToken cancellationToken)
    {
        var inner = new CompileOptions<TIn, TOut> { ToInput = run.ToInput, Teacher = run.Options.Teacher };
        switch (seed)
        {
            case -3:
                return (run.Student, "zero-shot (seed -3)");
            case -2:
                var labeled = await new LabeledFewShot(new LabeledFewShotOptions { K = _options.MaxLabeledDemos, Settings = run.Settings })
                    .CompileAsync(run.Student, run.Trainset, inner, cancellationToken).ConfigureAwait(false);
                run.Absorb(labeled.Report);
                return (labeled.Program, "labeled demos only (seed -2)");
            case -1:
                var unshuffled = await Bootstrap(run, _options.MaxBootstrappedDemos, 0).CompileAsync(run.Student, run.Trainset, inner, cancellationToken).ConfigureAwait(false);
                run.Absorb(unshuffled.Report);
                return (unshuffled.Program, $"unshuffled bootstrap, {_options.MaxBootstrappedDemos} demos (seed -1)");
            default:
                // As in DSPy, the shuffle and the demo count each come from a fresh generator with the candidate's seed.
                var shuffled = SeededSampling.Shuffle(run.Trainset, new Random(seed));
                var size = new Random(seed).Next(_options.MinNumSamples, _options.MaxBootstrappedDemos + 1);
                var compiled = await Bootstrap(run, size, seed).CompileAsync(run.Student, shuffled, inner, cancellationToken).ConfigureAwait(false);
                run.Absorb(compiled.Report);
                return (compiled.Program, $"shuffled bootstrap, {size} demos (seed {seed})");
        }
    }

    private BootstrapFewShot Bootstrap<TIn, TOut>(OptimizerRun<TIn, TOut> run, int maxBootstrapped, int seed) => new(_metric, new BootstrapFewShotOptions
    {
        MaxBootstrappedDemos = maxBootstrapped, MaxLabeledDemos = _options.MaxLabeledDemos, MaxRounds = _options.MaxRounds,
        MetricThreshold = _options.MetricThreshold, Concurrency = _options.Concurrency, Seed = seed, Settings = run.Settings,
    });
}
