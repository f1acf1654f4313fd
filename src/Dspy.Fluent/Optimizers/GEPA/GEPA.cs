namespace Dspy.Fluent;

/// <summary>
/// Reflective instruction evolution: runs a candidate on a few training examples, shows a reflection LM the inputs,
/// outputs and the metric's textual feedback, and keeps the new instruction it writes when it does better on those
/// examples; accepted candidates are scored on the valset and form a per-example Pareto front to evolve from.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.GEPA</c>, its reflective-mutation loop and its merge step. Metrics
/// should return <see cref="MetricResult.Feedback"/>: it is what the reflection LM learns from (without it, the score is
/// shown). Each step: pick a candidate (from the Pareto front, weighted by the valset examples it is best on, or the
/// current best), pick its next predictor round robin, run a minibatch of
/// <see cref="GEPAOptions.ReflectionMinibatchSize"/> training examples, ask for a new instruction, run the same minibatch
/// with it, and if the sum of scores rose, evaluate it on the valset and add it to the pool. The candidate with the best
/// valset aggregate wins (the earliest on ties), and the report's <see cref="OptimizerReport.Lineage"/> shows how it was
/// reached.</para>
/// <para>The budget counts metric calls: every scored run, on minibatches and on the valset, the first valset evaluation
/// included. A step whose valset evaluation would pass the budget is not taken. A minibatch already perfect is skipped
/// (its runs still count). A reflection reply that is not an instruction is a rejected step.</para>
/// <para>Merge (<see cref="GEPAOptions.UseMerge"/>, on by default as in DSPy): each accepted reflective candidate
/// schedules a merge (at most <see cref="GEPAOptions.MaxMergeInvocations"/> accepted in all). The next step then tries
/// to combine two non-dominated front candidates that share an ancestor (scoring no higher than either) from which one
/// of them changed a predictor the other kept: the merged program takes each predictor's instruction from whichever
/// changed it (from the higher-scoring one when both did). It is run on 5 valset examples chosen where each parent
/// wins and where they tie; if it does at least as well as the better parent there, it is evaluated on the valset and
/// joins the pool. A merge needs two predictors to combine: on a one-predictor program no pair qualifies and the step
/// goes on to reflection, so nothing changes. Merge sampling has its own seeded generator.</para>
/// </remarks>
/// <example>
/// <code>
/// var feedback = Metrics.FromResult("em+feedback", c => AnswerMatch.ExactMatch(c.Prediction.GetText("answer"), [c.Example.GetText("answer")])
///     ? MetricResult.Pass : new MetricResult(0, $"Expected '{c.Example.GetText("answer")}'."));
/// var result = await new GEPA(feedback, new GEPAOptions { MaxMetricCalls = 300 }).CompileAsync(program, trainset);
/// foreach (var step in result.Report.Lineage) Console.WriteLine(step);
/// </code>
/// </example>
public sealed partial class GEPA : Optimizer
{
    private readonly IMetric _metric;
    private readonly GEPAOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="metric">Scores runs; its feedback is what the reflection LM reads.</param>
    /// <param name="options">Settings, with exactly one budget.</param>
    /// <exception cref="ArgumentException">No budget, or more than one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A budget of 0, or another count below its minimum.</exception>
    public GEPA(IMetric metric, GEPAOptions options)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(options);
        _metric = metric;
        _options = options;
        var budgets = (options.Auto is null ? 0 : 1) + (options.MaxMetricCalls is null ? 0 : 1) + (options.MaxFullEvals is null ? 0 : 1);
        if (budgets != 1)
            throw new ArgumentException($"GEPAOptions: set exactly one budget — Auto, MaxMetricCalls or MaxFullEvals (got {budgets}).", nameof(options));
        if (options.MaxMetricCalls is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxMetricCalls, "GEPAOptions.MaxMetricCalls must be at least 1: a budget of 0 metric calls cannot even score the program.");
        if (options.MaxFullEvals is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxFullEvals, "GEPAOptions.MaxFullEvals must be at least 1.");
        if (options.Auto is { } auto && !Enum.IsDefined(auto)) throw new ArgumentOutOfRangeException(nameof(options), auto, "GEPAOptions.Auto must be Light, Medium or Heavy.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReflectionMinibatchSize, 1, nameof(GEPAOptions.ReflectionMinibatchSize));
        if (options.MaxMergeInvocations < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxMergeInvocations, "GEPAOptions.MaxMergeInvocations must be 0 or more (use UseMerge = false to turn merging off).");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1, nameof(GEPAOptions.Concurrency));
    }

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>

    public override string ToString() => $"{Name} (metric {_metric.Name}) {_options}";


    /// <inheritdoc />
    public override string Name => "GEPA";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;


    /// <summary>DSPy's auto budget: what MIPROv2 with <paramref name="candidates"/> candidates would spend on this valset.</summary>
    internal static int AutoBudget(int predictors, int candidates, int valset, int minibatch = 35, int fullEvalSteps = 5)
    {
        var trials = (int)Math.Max(2 * (predictors * 2) * Math.Log2(candidates), 1.5 * candidates);
        var total = valset + candidates * 5 + trials * minibatch;
        if (trials == 0) return total;
        var periodic = (trials + 1) / fullEvalSteps + 1;
        var extra = trials < fullEvalSteps ? 1 : 0;
        return total + (periodic + extra) * valset;
    }

    private int Budget(int predictors, int train, int val) => _options switch
    {
        { MaxMetricCalls: { } calls } => calls,
        { MaxFullEvals: { } evals } => evals * (train + val),
        _ => AutoBudget(Math.Max(predictors, 1), _options.Auto switch { GEPAPreset.Light => 6, GEPAPreset.Medium => 12, _ => 18 }, val),
    };

    /// <summary>One program in the pool: its state, where it came from and its valset scores.</summary>
    private sealed record Candidate(ProgramState State, int? Parent, string? Predictor, string? Instruction, int Iteration, double[] Scores)
    {
        /// <summary>The second parent of a merged candidate (<see cref="Parent"/> is the first), else null.</summary>
        public int? OtherParent { get; init; }

        public double Aggregate => Scores.Length == 0 ? 0 : Scores.Average();
    }
}
