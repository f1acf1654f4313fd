using System.Globalization;

namespace Dspy.Fluent;

/// <summary>
/// Alternates optimizers — typically prompt optimization (<c>p</c>) and weight optimization (<c>w</c>, fine-tuning) —
/// in the order a strategy string gives, each step starting from the program the previous one returned, and keeps the
/// program that scores best on the valset.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.BetterTogether</c>. The strategy names the optimizers by the keys they were given,
/// separated by <c>" -> "</c> exactly (DSPy's separator), e.g. <c>"p -> w -> p"</c>; an empty strategy or an unknown key is
/// refused in the constructor, naming the keys. Without a valset, the first <see cref="BetterTogetherOptions.ValsetRatio"/>
/// of the trainset is held out. The uncompiled program and every step's program are scored on it; the best wins (the
/// earliest on ties); with no valset, the last step's program is returned. Before each step the trainset is shuffled
/// (seeded). Each step gets the valset, the teacher and the input mapping. As in DSPy, a step that throws ends the
/// compile: the best program so far is returned and the report says which step failed and why (cancellation is not
/// caught).</para>
/// </remarks>
/// <example>
/// <code>
/// var lm = new SimulatedLM();
/// var together = new BetterTogether(metric, new Dictionary&lt;string, IOptimizer&gt;
/// {
///     ["p"] = new BootstrapFewShotWithRandomSearch(metric),
///     ["w"] = new BootstrapFinetune(metric, new SimulatedFineTuner(lm)),
/// }, new BetterTogetherOptions { Strategy = "p -> w -> p" });
/// var result = await together.CompileAsync(program, trainset);
/// </code>
/// </example>
public sealed class BetterTogether : Optimizer
{
    /// <summary>DSPy's step separator: space, arrow, space.</summary>
    public const string Separator = " -> ";

    private readonly IMetric _metric;
    private readonly BetterTogetherOptions _options;
    private readonly IReadOnlyDictionary<string, IOptimizer> _optimizers;
    private readonly IReadOnlyList<string> _steps;

    /// <summary>Creates the optimizer from named optimizers.</summary>
    /// <param name="metric">Scores each step's program on the valset.</param>
    /// <param name="optimizers">The optimizers by strategy key, e.g. <c>p</c> and <c>w</c>.</param>
    /// <param name="options">Settings and the strategy; DSPy's defaults when null.</param>
    /// <exception cref="ArgumentException">No optimizers, a blank key, an empty strategy, or a strategy naming an unknown key.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="BetterTogetherOptions.ValsetRatio"/> outside [0, 1).</exception>
    /// <example>
    /// <code>
    /// var together = new BetterTogether(metric, new Dictionary&lt;string, IOptimizer&gt; { ["p"] = mipro, ["w"] = finetune }, null);
    /// </code>
    /// </example>
    public BetterTogether(IMetric metric, IReadOnlyDictionary<string, IOptimizer> optimizers, BetterTogetherOptions? options)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(optimizers);
        _metric = metric;
        _options = options ?? new BetterTogetherOptions();
        if (optimizers.Count == 0)
            throw new ArgumentException("BetterTogether needs at least one optimizer, keyed by the name the strategy uses (e.g. \"p\" and \"w\").", nameof(optimizers));
        foreach (var (key, optimizer) in optimizers)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains(Separator.Trim(), StringComparison.Ordinal))
                throw new ArgumentException($"BetterTogether optimizer key '{key}' cannot be used in a strategy: keys must be non-blank and not contain '->'.", nameof(optimizers));
            if (optimizer is null)
                throw new ArgumentException($"BetterTogether optimizer '{key}' is null.", nameof(optimizers));
        }
        _optimizers = optimizers.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (!(_options.ValsetRatio >= 0 && _options.ValsetRatio < 1))
            throw new ArgumentOutOfRangeException(nameof(options), _options.ValsetRatio, "BetterTogetherOptions.ValsetRatio must be in [0, 1): the share of the trainset held out (0 for none).");
        if (_options.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Concurrency, "BetterTogetherOptions.Concurrency must be at least 1.");
        _steps = ParseStrategy(_options.Strategy, _optimizers);
    }

    /// <summary>DSPy's defaults: <c>p</c> is <see cref="BootstrapFewShotWithRandomSearch"/> and <c>w</c> is
    /// <see cref="BootstrapFinetune"/> with <paramref name="fineTuner"/>, both with <paramref name="metric"/> and the
    /// options' settings.</summary>
    /// <param name="metric">Scores runs, for the steps and the valset.</param>
    /// <param name="fineTuner">Trains the weights in <c>w</c> steps (e.g. <c>OpenAIFineTuner</c>, or <c>SimulatedFineTuner</c> offline).</param>
    /// <param name="options">Settings and the strategy; DSPy's defaults when null.</param>
    /// <example>
    /// <code>
    /// var lm = new SimulatedLM();
    /// var together = new BetterTogether(Metrics.ExactMatch, new SimulatedFineTuner(lm), new() { Settings = new LMSettings { Client = lm } });
    /// </code>
    /// </example>
    public BetterTogether(IMetric metric, IFineTuner fineTuner, BetterTogetherOptions? options)
        : this(metric, Defaults(metric, fineTuner, options), options)
    {
    }

    private static Dictionary<string, IOptimizer> Defaults(IMetric metric, IFineTuner fineTuner, BetterTogetherOptions? options)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(fineTuner);
        var settings = options?.Settings;
        return new(StringComparer.Ordinal)
        {
            ["p"] = new BootstrapFewShotWithRandomSearch(metric, new BootstrapFewShotWithRandomSearchOptions { Settings = settings }),
            ["w"] = new BootstrapFinetune(metric, fineTuner, new BootstrapFinetuneOptions { Settings = settings }),
        };
    }

    /// <summary>The steps of <paramref name="strategy"/>, checked against the keys of <paramref name="optimizers"/>.</summary>
    /// <param name="strategy">e.g. <c>"p -> w -> p"</c>.</param>
    /// <param name="optimizers">The optimizers by key.</param>
    /// <exception cref="ArgumentException">An empty strategy, or steps that are not keys (each named, with the valid keys).</exception>
    /// <example>
    /// <code>
    /// var steps = BetterTogether.ParseStrategy("p -> w -> p", optimizers); // ["p", "w", "p"]
    /// </code>
    /// </example>
    public static IReadOnlyList<string> ParseStrategy(string strategy, IReadOnlyDictionary<string, IOptimizer> optimizers)
    {
        ArgumentNullException.ThrowIfNull(optimizers);
        if (string.IsNullOrWhiteSpace(strategy))
            throw new ArgumentException("BetterTogetherOptions.Strategy is empty: name the optimizers to run, separated by \" -> \", e.g. \"p -> w -> p\".", nameof(strategy));
        var steps = strategy.Split(Separator);
        var invalid = steps.Where(s => !optimizers.ContainsKey(s)).Distinct().ToList();
        if (invalid.Count > 0)
        {
            var hint = invalid.Any(s => s.Contains("->", StringComparison.Ordinal) || s != s.Trim())
                ? " Steps are separated by \" -> \" exactly (a space, the arrow, a space), with no other spaces."
                : "";
            throw new ArgumentException(
                $"BetterTogether strategy \"{strategy}\" names unknown optimizer key(s): {string.Join(", ", invalid.Select(s => $"'{s}'"))}. " +
                $"Valid keys are: {string.Join(", ", optimizers.Keys.Select(k => $"'{k}'"))}.{hint}", nameof(strategy));
        }
        return steps;
    }

    /// <summary>The optimizer, its strategy, its step optimizers and its settings, e.g. for a compile cache key.</summary>
    /// <example>
    /// <code>
    /// var key = together.ToString();
    /// </code>
    /// </example>
    public override string ToString() =>
        $"{Name} (metric {_metric.Name}) steps {{ {string.Join("; ", _optimizers.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} = {kv.Value}"))} }} {_options}";

    /// <inheritdoc />
    public override string Name => "BetterTogether";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;

    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var trainset = run.Trainset.ToList();
        var valset = run.Options.Valset;
        if (valset is null && _options.ValsetRatio > 0)
        {
            var held = (int)(_options.ValsetRatio * trainset.Count);
            if (held == 0)
                throw new ArgumentException(
                    $"BetterTogether holds out ValsetRatio = {_options.ValsetRatio.ToString(CultureInfo.InvariantCulture)} of the trainset to score steps, " +
                    $"which is no example of {trainset.Count}; pass a valset, more examples, or ValsetRatio = 0 to keep the last step's program.");
            valset = trainset.Take(held).ToList();
            trainset = trainset.Skip(held).ToList();
            if (trainset.Count == 0)
                throw new ArgumentException("BetterTogether held out every training example as the valset; lower ValsetRatio or pass a valset.");
            run.Note($"No valset: the first {held} training examples score the steps, the other {trainset.Count} train.");
        }
        else if (valset is null) run.Note("No valset and ValsetRatio = 0: no step is scored and the last step's program is returned.");

        var random = new Random(_options.Seed);
        var candidates = new List<(Program<TIn, TOut> Program, double? Score, string Strategy)>();
        var trials = new List<OptimizerTrial>();
        var baseline = await ScoreAsync(run, run.Student, valset, cancellationToken).ConfigureAwait(false);
        candidates.Add((run.Student, baseline, ""));
        trials.Add(new OptimizerTrial("the uncompiled program", baseline, false, valset is null ? "not scored (no valset)" : "valset evaluation") { Phase = "valset", BestSoFar = baseline });
        var current = run.Student;
        string? failure = null;

        for (var i = 0; i < _steps.Count; i++)
        {
            var key = _steps[i];
            var strategy = string.Join(Separator, _steps.Take(i + 1));
            var optimizer = _optimizers[key];
            run.Report("running steps", i, _steps.Count, Best(candidates), $"step {i + 1} of {_steps.Count}: {key} ({OptimizerName(optimizer)})", candidate: strategy);
            try
            {
                if (_options.ShuffleTrainsetBetweenSteps) trainset = SeededSampling.Shuffle(trainset, random);
                var compiled = await optimizer.CompileAsync(current, trainset,
                    new CompileOptions<TIn, TOut> { Valset = valset, Teacher = run.Options.Teacher, ToInput = run.ToInput, Executor = run.Options.Executor },
                    cancellationToken).ConfigureAwait(false);
                run.Absorb(compiled.Report);
                foreach (var note in compiled.Report.Notes) run.Note($"step {i + 1} ({key}): {note}");
                current = compiled.Program;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = $"Step {i + 1} of {_steps.Count} ('{strategy}', {OptimizerName(optimizer)}) failed: {e.GetType().Name}: {e.Message}. " +
                          $"Stopped early; the best of the {candidates.Count} program(s) scored so far is returned.";
                run.Note(failure);
                trials.Add(new OptimizerTrial(strategy, null, false, $"{e.GetType().Name}: {e.Message}") { Phase = "valset", BestSoFar = Best(candidates) });
                break;
            }
            var score = await ScoreAsync(run, current, valset, cancellationToken).ConfigureAwait(false);
            candidates.Add((current, score, strategy));
            trials.Add(new OptimizerTrial(strategy, score, false, $"{OptimizerName(optimizer)}") { Phase = "valset", BestSoFar = Best(candidates) });
            run.Report("running steps", i + 1, _steps.Count, Best(candidates), $"'{strategy}': {(score is { } s ? s.ToString("P1", CultureInfo.InvariantCulture) : "not scored")}", score, strategy);
        }

        // The best score wins, the earliest on ties; with nothing scored, the last program.
        var winner = valset is null
            ? candidates.Count - 1
            : Enumerable.Range(0, candidates.Count).Aggregate((a, b) => (candidates[b].Score ?? double.NegativeInfinity) > (candidates[a].Score ?? double.NegativeInfinity) ? b : a);
        trials[winner] = trials[winner] with { Accepted = true };
        var (program, best, path) = candidates[winner];
        var shown = path.Length == 0 ? "the uncompiled program" : $"strategy '{path}'";
        return (program, new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials, Score = best, BaselineScore = baseline,
            Chosen = best is { } b
                ? string.Create(CultureInfo.InvariantCulture, $"{shown}, valset score {b:P1} on {valset!.Count} examples")
                : $"{shown} (the last step; nothing was scored)",
            Lineage = candidates.Select(c => $"{(c.Strategy.Length == 0 ? "uncompiled" : c.Strategy)}: {(c.Score is { } s ? s.ToString("P1", CultureInfo.InvariantCulture) : "not scored")}").ToList(),
        });
    }

    private async Task<double?> ScoreAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, Program<TIn, TOut> program, IReadOnlyList<Example>? valset, CancellationToken cancellationToken)
    {
        if (valset is null) return null;
        var result = await run.EvaluateAsync(program, valset, _metric, _options.Concurrency, cancellationToken).ConfigureAwait(false);
        return result.Score;
    }

    private static double? Best<TProgram>(List<(TProgram Program, double? Score, string Strategy)> candidates) =>
        candidates.Max(c => c.Score);

    private static string OptimizerName(IOptimizer optimizer) => optimizer is Optimizer o ? o.Name : optimizer.GetType().Name;
}
