using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Runs a teacher on training examples and keeps the traces that pass the metric as demos: every predictor call of a
/// passing run becomes a demo for that predictor. Unused labeled examples top the demos up.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.BootstrapFewShot</c>. The teacher is the given program, or the student with
/// <see cref="BootstrapFewShotOptions.MaxLabeledDemos"/> labeled demos. When the teacher runs on an example, that example
/// is removed from its demos, so an example never serves as its own demo. Rounds after the first run at temperature 1.0
/// with rollout id <c>bootstrap-round-N</c>, so a cache or a simulated LM gives fresh samples.</para>
/// <para>Teacher runs go out up to <see cref="BootstrapFewShotOptions.Concurrency"/> at a time (only as many as the
/// demos still needed call for at the pass rate seen so far) but are accepted in trainset order: the first
/// <see cref="BootstrapFewShotOptions.MaxBootstrappedDemos"/> passing examples win, exactly as in a sequential run, and
/// runs started beyond them are cancelled.</para>
/// </remarks>
/// <example>
/// <code>
/// var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 4 });
/// var result = await optimizer.CompileAsync(program, trainset);
/// await result.Program.SaveAsync("compiled.json");
/// </code>
/// </example>
public sealed class BootstrapFewShot : Optimizer
{
    private readonly IMetric _metric;
    private readonly BootstrapFewShotOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="metric">Decides which traces pass (it sees the trace and <c>IsBootstrapping = true</c>).</param>
    /// <param name="options">Settings; DSPy's defaults when null.</param>
    public BootstrapFewShot(IMetric metric, BootstrapFewShotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metric = metric;
        _options = options ?? new BootstrapFewShotOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxBootstrappedDemos, nameof(BootstrapFewShotOptions.MaxBootstrappedDemos));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxLabeledDemos, nameof(BootstrapFewShotOptions.MaxLabeledDemos));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxRounds, 1, nameof(BootstrapFewShotOptions.MaxRounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Concurrency, 1, nameof(BootstrapFewShotOptions.Concurrency));
    }

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>
    public override string ToString() => $"{Name} (metric {_metric.Name}) {_options}";

    /// <inheritdoc />
    public override string Name => "BootstrapFewShot";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;

    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var predictors = run.Predictors;
        var teacher = run.Options.Teacher ?? (_options.MaxLabeledDemos > 0
            ? run.Student.WithState(LabeledFewShot.Apply(run.Student.State, predictors, run.Trainset, _options.MaxLabeledDemos, new Random(_options.Seed)))
            : run.Student);

        var traces = new Dictionary<string, List<Example>>(StringComparer.Ordinal);
        var used = new SortedSet<int>();
        var trials = new List<OptimizerTrial>();
        int tried = 0, passes = 0;
        // How many teacher runs to keep in flight: enough to find the demos still needed at the pass rate seen so far
        // ((passes + 1) / (tried + 1), so it starts at 1), capped by Concurrency. With a teacher that passes everything
        // this starts exactly the runs needed, so parallel bootstrapping makes no more LM calls than a sequential one;
        // with one that rarely passes, the window opens to Concurrency as soon as the first results fail.
        int Window()
        {
            var needed = _options.MaxBootstrappedDemos - used.Count;
            var wanted = Math.Ceiling(needed * (tried + 1.0) / (passes + 1.0));
            return (int)Math.Clamp(wanted, 1, _options.Concurrency);
        }
        for (var round = 0; round < _options.MaxRounds && used.Count < _options.MaxBootstrappedDemos; round++)
        {
            var settings = round == 0 ? run.Settings : run.Settings with { Temperature = 1.0f, RolloutId = $"bootstrap-round-{round}" };
            var pending = Enumerable.Range(0, run.Trainset.Count).Where(i => !used.Contains(i)).ToList();
            // Counted per round against this round's examples: a count over all rounds would pass its total ("25/15") in round 2.
            var phase = round == 0 ? "bootstrapping" : $"bootstrapping, round {round + 1}";
            var doneThisRound = 0;
            await foreach (var (index, scored) in InOrderAsync(pending, (i, ct) => BootstrapOne(run, teacher, i, settings, ct),
                               Window, () => used.Count >= _options.MaxBootstrappedDemos, cancellationToken).ConfigureAwait(false))
            {
                var passed = scored.Passed(_options.MetricThreshold);
                tried++;
                if (passed) passes++;
                trials.Add(new OptimizerTrial($"round {round + 1}, example {index}", scored.Score?.Score, passed, scored.Error ?? scored.Score?.Feedback));
                if (passed)
                {
                    used.Add(index);
                    foreach (var entry in scored.Trace.Where(t => t.Signature is not null))
                    {
                        if (!traces.TryGetValue(entry.Name, out var list)) traces[entry.Name] = list = [];
                        list.Add(entry.ToDemo().With(PredictorState.AugmentedKey, true));
                    }
                }
                run.Report(phase, ++doneThisRound, pending.Count, null, $"example {index} {(passed ? "passed" : "did not pass")}");
            }
        }

        var random = new Random(_options.Seed);
        var unused = run.Trainset.Where((_, i) => !used.Contains(i)).ToList();
        var state = run.Student.State;
        foreach (var p in predictors)
        {
            var augmented = traces.TryGetValue(p.Name, out var list) ? list.Take(_options.MaxBootstrappedDemos).ToList() : [];
            var labeled = LabeledFewShot.Usable(p, SeededSampling.Sample(unused, Math.Min(_options.MaxLabeledDemos - augmented.Count, unused.Count), random));
            state = state.Update(p.Name, s => s with { Demos = [.. augmented, .. labeled], Signature = p.Signature });
        }
        var chosen = $"{Counted.Of(used.Count, "passing trace")} from {(used.Count == 1 ? "example" : "examples")} [{string.Join(", ", used)}]; demos per predictor: " +
                     string.Join(", ", predictors.Select(p => $"{p.Name} {state.Find(p.Name)!.Demos.Count}"));
        return (run.Student.WithState(state), new OptimizerReport { Optimizer = Name, Seed = _options.Seed, Trials = trials, Chosen = chosen });
    }

    /// <summary>Runs the teacher on one example with that example removed from its demos.</summary>
    private Task<ScoredRun<TOut>> BootstrapOne<TIn, TOut>(OptimizerRun<TIn, TOut> run, Program<TIn, TOut> teacher, int index,
        LMSettings settings, CancellationToken cancellationToken)
    {
        var example = run.Trainset[index];
        var state = teacher.State;
        foreach (var (name, s) in state.Predictors)
            if (s.Demos.Any(d => LabeledFewShot.IsFrom(d, example))) state = state.With(name, s with { Demos = s.Demos.Where(d => !LabeledFewShot.IsFrom(d, example)).ToArray() });
        return run.RunAsync(teacher.WithState(state), example, _metric, bootstrapping: true, settings, cancellationToken);
    }

    /// <summary>
    /// Starts work for <paramref name="indices"/> with at most <paramref name="window"/>() in flight and yields results in
    /// index order; once <paramref name="enough"/> says so, the rest is cancelled and not yielded.
    /// </summary>
    private static async IAsyncEnumerable<(int Index, ScoredRun<TOut> Result)> InOrderAsync<TOut>(IReadOnlyList<int> indices,
        Func<int, CancellationToken, Task<ScoredRun<TOut>>> work, Func<int> window, Func<bool> enough,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Queue<(int Index, Task<ScoredRun<TOut>> Task)>();
        var next = 0;
        try
        {
            while (next < indices.Count || running.Count > 0)
            {
                while (running.Count < Math.Max(1, window()) && next < indices.Count)
                {
                    var index = indices[next++];
                    running.Enqueue((index, Task.Run(() => work(index, stop.Token), stop.Token)));
                }
                var (i, task) = running.Dequeue();
                var result = await task.ConfigureAwait(false);
                yield return (i, result);
                if (enough()) yield break;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var (_, t) in running)
            {
                try { await t.ConfigureAwait(false); }
                catch (OperationCanceledException) { /* a run started beyond the demos needed */ }
            }
        }
    }
}
