namespace Dspy.Fluent;

/// <summary>
/// Multi-prompt instruction proposal and optimization: bootstraps demo sets, proposes instructions grounded in the data,
/// the program and the demos, then searches (instruction, demo set) per predictor with a Tree-structured Parzen Estimator.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.MIPROv2</c>. Step 1 makes demo sets as random search makes its candidates. Step 2
/// proposes instruction candidates per predictor from a dataset summary, a description of the program and the predictor's
/// role, a few bootstrapped demos, a random tip and the current instruction; candidate 0 is the current instruction.
/// Step 3 runs the trials: each is scored on a minibatch of the valset (or on all of it when the valset is small), every
/// <see cref="MIPROv2Options.MinibatchFullEvalSteps"/> trials and at the end the best-averaging configuration not yet
/// fully evaluated gets a full valset evaluation, and the best full score wins (the uncompiled program is the first).</para>
/// <para>Presets (<see cref="MIPROv2Options.Auto"/>): n = 6, 12 or 18 candidates and the valset capped at 100, 300 or 1000;
/// instruction candidates are n (zero-shot) or n/2; trials = max(2·V·log₂n, 1.5·n) with V the predictors, doubled when
/// demos are tuned. Without a valset, the last 80% of the trainset becomes the valset and the rest is used to bootstrap
/// and propose. Zero-shot mode (no demos) bootstraps demo sets only to show the proposer, then tunes instructions alone.</para>
/// <para>The TPE is this library's own (no Optuna): it models after max(3, trials/3) observations, capped at 10 (Optuna's
/// default of 10 start-up trials would leave a light run almost random), and does not repeat a configuration when trials
/// are scored on the whole valset (the score would be the same).</para>
/// </remarks>
/// <example>
/// <code>
/// var mipro = new MIPROv2(Metrics.ExactMatch, new MIPROv2Options { Auto = MIPROv2Preset.Light, Seed = 9 });
/// var result = await mipro.CompileAsync(program, trainset);
/// var zeroShot = new MIPROv2(Metrics.ExactMatch, new MIPROv2Options { MaxBootstrappedDemos = 0, MaxLabeledDemos = 0 });
/// </code>
/// </example>
public sealed partial class MIPROv2 : Optimizer
{
    private readonly IMetric _metric;
    private readonly MIPROv2Options _options;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="metric">Scores candidates and gates bootstrapped traces.</param>
    /// <param name="options">Settings; DSPy's defaults (light preset) when null.</param>
    /// <exception cref="ArgumentException">A preset together with explicit candidate or trial counts, or neither.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count below its minimum (e.g. zero trials).</exception>
    public MIPROv2(IMetric metric, MIPROv2Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metric = metric;
        _options = options ?? new MIPROv2Options();
        var o = _options;
        if (o.Auto is { } auto && !Enum.IsDefined(auto))
            throw new ArgumentOutOfRangeException(nameof(options), auto, "MIPROv2Options.Auto must be Light, Medium, Heavy or null.");
        if (o.Auto is not null && (o.NumCandidates is not null || o.NumTrials is not null))
            throw new ArgumentException("MIPROv2Options: with Auto set, leave NumCandidates and NumTrials null (the preset decides them), or set Auto = null.", nameof(options));
        if (o.Auto is null && (o.NumCandidates is null || o.NumTrials is null))
            throw new ArgumentException("MIPROv2Options: with Auto = null, give both NumCandidates and NumTrials.", nameof(options));
        if (o.NumCandidates is < 1) throw new ArgumentOutOfRangeException(nameof(options), o.NumCandidates, "MIPROv2Options.NumCandidates must be at least 1.");
        if (o.NumTrials is < 1) throw new ArgumentOutOfRangeException(nameof(options), o.NumTrials, "MIPROv2Options.NumTrials must be at least 1 (a budget of 0 trials would search nothing).");
        ArgumentOutOfRangeException.ThrowIfNegative(o.MaxBootstrappedDemos, nameof(MIPROv2Options.MaxBootstrappedDemos));
        ArgumentOutOfRangeException.ThrowIfNegative(o.MaxLabeledDemos, nameof(MIPROv2Options.MaxLabeledDemos));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MinibatchSize, 1, nameof(MIPROv2Options.MinibatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MinibatchFullEvalSteps, 1, nameof(MIPROv2Options.MinibatchFullEvalSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Concurrency, 1, nameof(MIPROv2Options.Concurrency));
    }

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>

    public override string ToString() => $"{Name} (metric {_metric.Name}) {_options}";


    /// <inheritdoc />
    public override string Name => "MIPROv2";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;


    /// <summary>The trial count DSPy derives from the candidate count: max(2·V·log₂n, 1.5·n), V = predictors (×2 with demos).</summary>
    internal static int TrialsFor(int predictors, bool zeroShot, int candidates)
    {
        var variables = zeroShot ? predictors : 2 * predictors;
        return (int)Math.Max(2 * variables * Math.Log2(candidates), 1.5 * candidates);
    }

    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var predictors = run.Predictors;
        var random = new Random(_options.Seed);
        var zeroShot = _options.MaxBootstrappedDemos == 0 && _options.MaxLabeledDemos == 0;
        var (trainset, valset) = Split(run);
        var plan = Plan(predictors.Count, zeroShot, valset, random);
        run.Note(plan.Describe(_options.Auto, zeroShot));
        var trials = new List<OptimizerTrial>();

        var demoSets = await DemoSetCandidates.CreateAsync(run, predictors, trainset, _metric, plan.DemoCandidates,
            zeroShot ? 3 : _options.MaxBootstrappedDemos, zeroShot ? 0 : _options.MaxLabeledDemos, _options.MetricThreshold,
            _options.Concurrency, random, cancellationToken).ConfigureAwait(false);
        var instructions = await new GroundedProposer<TIn, TOut>(run, _options, random, trials)
            .ProposeAsync(predictors, trainset, demoSets, plan.InstructionCandidates, cancellationToken).ConfigureAwait(false);
        if (trials.Count > 0) run.Note(InstructionProposals.DroppedNote(trials.Count));

        return await SearchAsync(run, predictors, instructions, zeroShot ? null : demoSets, plan, trials, random, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The valset as given, or DSPy's split: the last 80% of the trainset (at most 1000) validates, the rest trains.</summary>
    private (IReadOnlyList<Example> Trainset, IReadOnlyList<Example> Valset) Split<TIn, TOut>(OptimizerRun<TIn, TOut> run)
    {
        if (run.Options.Valset is { } valset) return (run.Trainset, valset);
        if (run.Trainset.Count < 2)
            throw new ArgumentException($"MIPROv2 needs at least 2 training examples when no valset is given (it keeps 80% of them to validate); got {run.Trainset.Count}.");
        var size = Math.Min(1000, Math.Max(1, (int)(run.Trainset.Count * 0.8)));
        var cutoff = run.Trainset.Count - size;
        return (run.Trainset.Take(cutoff).ToList(), run.Trainset.Skip(cutoff).ToList());
    }

    private SearchPlan Plan(int predictors, bool zeroShot, IReadOnlyList<Example> valset, Random random)
    {
        if (_options.Auto is not { } auto)
        {
            var n = _options.NumCandidates!.Value;
            // DSPy refuses a minibatch larger than the valset; scoring every trial on the whole valset is the same thing, cheaper.
            return new SearchPlan(n, n, _options.NumTrials!.Value, valset, _options.Minibatch && _options.MinibatchSize < valset.Count);
        }
        var (candidates, cap) = auto switch { MIPROv2Preset.Light => (6, 100), MIPROv2Preset.Medium => (12, 300), _ => (18, 1000) };
        var capped = SeededSampling.Sample(valset, Math.Min(cap, valset.Count), random);
        var batched = _options.Minibatch && capped.Count > 50;
        return new SearchPlan(zeroShot ? candidates : candidates / 2, candidates, TrialsFor(predictors, zeroShot, candidates), capped,
            batched && _options.MinibatchSize < capped.Count);
    }

    /// <summary>What the search will do, decided before it starts.</summary>
    private sealed record SearchPlan(int InstructionCandidates, int DemoCandidates, int Trials, IReadOnlyList<Example> Valset, bool Minibatch)
    {
        public string Describe(MIPROv2Preset? auto, bool zeroShot) =>
            $"{(auto is { } a ? $"Preset {a}" : "Manual settings")}{(zeroShot ? ", zero-shot (instructions only)" : "")}: {Trials} trials, " +
            $"{InstructionCandidates} instruction candidates and {DemoCandidates} demo sets per predictor, valset of {Valset.Count}, " +
            $"{(Minibatch ? "minibatch trials" : "every trial on the whole valset")}.";
    }
}
