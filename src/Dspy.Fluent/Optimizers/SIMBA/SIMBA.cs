namespace Dspy.Fluent;

/// <summary>
/// Stochastic introspective mini-batch ascent: runs a pool of programs several times (one rollout each) on a
/// mini-batch, finds the examples whose outputs vary most, and makes new candidates from them — by appending the best
/// run as a demo, or by asking a model to contrast the best and worst runs and append the rule it writes to the
/// instructions. Candidates join the pool with their mini-batch scores; the best of each step compete on the trainset.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.SIMBA</c>. Each of <see cref="SIMBAOptions.MaxSteps"/> steps takes the next
/// <see cref="SIMBAOptions.BatchSize"/> examples of a seeded shuffle of the trainset and runs each of them
/// <see cref="SIMBAOptions.NumCandidates"/> times, rollout <c>i</c> at temperature 1, each run on a program softmax-sampled
/// from the pool's best (and the uncompiled program). Examples are ranked by the spread of their scores (max − min,
/// then max, then max − mean); for each, a source program is sampled, some of its demos may be dropped (a Poisson draw,
/// at least one when a predictor is full), and a strategy is picked at random: <em>append a demo</em> (the best run's
/// predictor calls become demos, unless its score is in the batch's lowest decile) or <em>append a rule</em> (the
/// rule-writing model reads both runs' trajectories, outputs, scores and the metric's feedback, and returns advice per
/// predictor; skipped when the best run is in the lowest decile or the worst in the highest). At most
/// <c>NumCandidates + 1</c> candidates are made per step and scored on the mini-batch. Finally up to
/// <c>NumCandidates + 1</c> of the step winners, spread evenly and including the uncompiled program, are scored on the
/// whole trainset and the best (the earliest on ties) is returned.</para>
/// <para>Everything random draws from one <see cref="System.Random"/> seeded with <see cref="SIMBAOptions.Seed"/>, so a
/// seed gives a byte-identical state. A strategy whose rule model fails drops that candidate (a trial says why).</para>
/// </remarks>
/// <example>
/// <code>
/// var simba = new SIMBA(Metrics.ExactMatch, new SIMBAOptions { BatchSize = 16, NumCandidates = 4, MaxSteps = 6 });
/// var result = await simba.CompileAsync(program, trainset);
/// Console.WriteLine(result.Report);
/// </code>
/// </example>
public sealed partial class SIMBA : Optimizer
{
    private readonly IMetric _metric;
    private readonly SIMBAOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="metric">Scores runs; its <see cref="MetricResult.Feedback"/> is shown to the rule-writing model.</param>
    /// <param name="options">Settings; DSPy's defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count below its minimum or a temperature that is not positive.</exception>
    /// <example>
    /// <code>
    /// var simba = new SIMBA(metric, new SIMBAOptions { MaxDemos = 0 }); // rules only
    /// </code>
    /// </example>
    public SIMBA(IMetric metric, SIMBAOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metric = metric;
        _options = options ?? new SIMBAOptions();
        Check(_options.BatchSize >= 1, _options.BatchSize, "SIMBAOptions.BatchSize must be at least 1.");
        Check(_options.NumCandidates >= 1, _options.NumCandidates, "SIMBAOptions.NumCandidates must be at least 1: one sampled run per example cannot show any variability to learn from, and no candidate would be made.");
        Check(_options.MaxSteps >= 1, _options.MaxSteps, "SIMBAOptions.MaxSteps must be at least 1 (a budget of 0 steps would return the program unchanged).");
        Check(_options.MaxDemos >= 0, _options.MaxDemos, "SIMBAOptions.MaxDemos must be 0 (rules only) or more.");
        Check(_options.DemoInputFieldMaxLength >= 1, _options.DemoInputFieldMaxLength, "SIMBAOptions.DemoInputFieldMaxLength must be at least 1.");
        Check(_options.TemperatureForSampling > 0 && double.IsFinite(_options.TemperatureForSampling), _options.TemperatureForSampling,
            "SIMBAOptions.TemperatureForSampling must be a positive number (it divides the scores in a softmax).");
        Check(_options.TemperatureForCandidates > 0 && double.IsFinite(_options.TemperatureForCandidates), _options.TemperatureForCandidates,
            "SIMBAOptions.TemperatureForCandidates must be a positive number (it divides the scores in a softmax).");
        Check(_options.Concurrency >= 1, _options.Concurrency, "SIMBAOptions.Concurrency must be at least 1.");

        static void Check(bool ok, object value, string message)
        {
            if (!ok) throw new ArgumentOutOfRangeException(nameof(options), value, message);
        }
    }

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>
    /// <example>
    /// <code>
    /// var key = new SIMBA(Metrics.ExactMatch).ToString();
    /// </code>
    /// </example>
    public override string ToString() => $"{Name} (metric {_metric.Name}) {_options}";

    /// <inheritdoc />
    public override string Name => "SIMBA";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;

    /// <summary>One program in the pool and the mini-batch scores it was registered with (none for the uncompiled one).</summary>
    private sealed record PoolEntry(ProgramState State, double[] Scores)
    {
        public double Average => Scores.Length == 0 ? 0 : Scores.Average();
    }

    /// <summary>One sampled run of a mini-batch example: the program it used, its output, trace and score.</summary>
    private sealed record Sample(int Example, int Program, IReadOnlyList<TraceEntry> Trace, object? Output, double Score, string? Feedback, string? Error);
}
