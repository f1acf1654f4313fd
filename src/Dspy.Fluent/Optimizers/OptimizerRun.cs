namespace Dspy.Fluent;

/// <summary>
/// One compile in progress, as an optimizer sees it: the student and its declared predictors, the data and settings,
/// the means to run and score programs, and the running totals its report needs (LM calls and tokens are counted for
/// every run made through it).
/// </summary>
/// <typeparam name="TIn">The program's input type.</typeparam>
/// <typeparam name="TOut">The program's output type.</typeparam>
/// <remarks>Made by <see cref="Optimizer"/> and handed to <c>CompileCoreAsync</c>; safe to use from many threads.</remarks>
/// <example>
/// <code>
/// foreach (var example in run.Trainset)
/// {
///     var scored = await run.RunAsync(run.Student, example, metric, bootstrapping: true, settings: null, ct);
///     if (scored.Passed(threshold: null)) run.Note($"passed: {example}");
/// }
/// </code>
/// </example>
public sealed class OptimizerRun<TIn, TOut>
{
    private readonly object _gate = new();
    private readonly List<string> _notes = [];
    private int _lmCalls;
    private int _cacheHits;
    private int _proposerCalls;
    private long _tokens;
    private int _trials;

    internal OptimizerRun(string optimizer, Program<TIn, TOut> student, IReadOnlyList<Example> trainset, CompileOptions<TIn, TOut> options,
        LMSettings? settings, IProgress<OptimizerProgress>? progress)
    {
        Optimizer = optimizer;
        Student = student;
        Trainset = trainset;
        Options = options;
        ToInput = options.ToInput ?? ProgramInputs.Default<TIn>();
        Settings = settings ?? LMSettings.Current ?? LMSettings.Empty;
        ProgressSink = progress;
    }

    /// <summary>The optimizer's name, for messages.</summary>
    public string Optimizer { get; }

    /// <summary>The program being compiled; never changed.</summary>
    public Program<TIn, TOut> Student { get; }

    /// <summary>The student's declared predictors, in order (never empty): what the optimizer may give state to.</summary>
    public IReadOnlyList<IPredictor> Predictors => Student.Predictors;

    /// <summary>The training examples.</summary>
    public IReadOnlyList<Example> Trainset { get; }

    /// <summary>Valset, teacher and input mapping as the caller gave them.</summary>
    public CompileOptions<TIn, TOut> Options { get; }

    /// <summary>Maps an example to the program's input.</summary>
    public Func<Example, TIn> ToInput { get; }

    /// <summary>The LM settings programs run with.</summary>
    public LMSettings Settings { get; }

    internal IProgress<OptimizerProgress>? ProgressSink { get; }

    /// <summary>LM calls made so far through this run.</summary>
    public int LMCalls { get { lock (_gate) return _lmCalls; } }

    /// <summary>Of <see cref="LMCalls"/>, those answered from a cache so far.</summary>
    /// <example>
    /// <code>
    /// run.Note($"{run.CacheHits} of {run.LMCalls} LM calls came from the cache");
    /// </code>
    /// </example>
    public int CacheHits { get { lock (_gate) return _cacheHits; } }

    /// <summary>Tokens used so far through this run.</summary>
    public long Tokens { get { lock (_gate) return _tokens; } }

    /// <summary>LM calls of the optimizer's own helper predictors (proposers) so far.</summary>
    public int ProposerLMCalls { get { lock (_gate) return _proposerCalls; } }

    /// <summary>The LM the program runs on, for labelling reports (simulated or not).</summary>
    public LMIdentity LM => LMIdentity.Of(Settings.Client);

    /// <summary>The notes taken so far; they end up in the report.</summary>
    public IReadOnlyList<string> Notes { get { lock (_gate) return _notes.ToArray(); } }

    /// <summary>Adds a note to the report (something the user should know about this compile).</summary>
    /// <param name="note">The note.</param>
    public void Note(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        lock (_gate) _notes.Add(note);
    }

    /// <summary>Adds the cost of a nested compile (e.g. a candidate's bootstrap) to this one.</summary>
    /// <param name="nested">The nested compile's report.</param>
    public void Absorb(OptimizerReport nested)
    {
        lock (_gate)
        {
            _lmCalls += nested.LMCalls;
            _cacheHits += nested.CacheHits;
            _proposerCalls += nested.ProposerLMCalls;
            _tokens += nested.Tokens;
        }
    }

    /// <summary>Reports progress to the caller's sink, if any, with the LM calls and cache hits so far.</summary>
    /// <param name="phase">The phase, e.g. <c>bootstrapping</c>.</param>
    /// <param name="done">Steps done in the phase.</param>
    /// <param name="total">Steps in the phase.</param>
    /// <param name="best">The best score so far, or null.</param>
    /// <param name="message">What just happened.</param>
    /// <param name="score">The score of the step just done, or null.</param>
    /// <param name="candidate">The candidate the step concerned, or null.</param>
    public void Report(string phase, int done, int total, double? best, string message, double? score = null, string? candidate = null)
    {
        if (ProgressSink is not { } sink) return;
        int calls, hits;
        lock (_gate) (calls, hits) = (_lmCalls, _cacheHits);
        sink.Report(new OptimizerProgress(Optimizer, phase, done, total, best, message) { Score = score, Candidate = candidate, LMCalls = calls, CacheHits = hits });
    }

    /// <summary>
    /// Runs a helper predictor of the optimizer itself (an instruction proposer, a dataset summariser…) once. Its LM
    /// calls count in the report, as proposer calls; a failure is returned as text, never thrown (except cancellation).
    /// </summary>
    /// <param name="proposer">The helper predictor.</param>
    /// <param name="inputs">Its inputs.</param>
    /// <param name="settings">The LM settings (e.g. a prompt model).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<(Prediction? Output, string? Error)> ProposeAsync(Predictor<Example, Prediction> proposer, Example inputs,
        LMSettings settings, CancellationToken cancellationToken)
    {
        var outcome = await proposer.TryRunAsync(inputs, settings, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _lmCalls += outcome.History.Count;
            _cacheHits += outcome.History.Calls.Count(c => c.CacheHit);
            _proposerCalls += outcome.History.Count;
            _tokens += outcome.Usage.TotalTokenCount ?? 0;
        }
        return outcome.Error is { } error ? (null, $"{error.GetType().Name}: {error.Message}") : (outcome.Output, null);
    }

    /// <summary>Runs <paramref name="program"/> on one example and scores it; the run's LM calls and tokens are counted.</summary>
    /// <param name="program">The student or a candidate built from it.</param>
    /// <param name="example">The example.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="bootstrapping">Tells the metric the run is a bootstrap (DSPy's <c>trace is not None</c>).</param>
    /// <param name="settings">Settings for this run; null for <see cref="Settings"/>.</param>
    /// <param name="cancellationToken">Cancels the run; failures are returned, not thrown.</param>
    public async Task<ScoredRun<TOut>> RunAsync(Program<TIn, TOut> program, Example example, IMetric metric, bool bootstrapping,
        LMSettings? settings, CancellationToken cancellationToken) =>
        (await RunManyAsync(program, [example], metric, bootstrapping, settings, 1, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Runs <paramref name="program"/> on each of <paramref name="examples"/> and scores it, through
    /// <see cref="CompileOptions{TIn, TOut}.Executor"/>; the runs' LM calls and tokens are counted.
    /// </summary>
    /// <param name="program">The student or a candidate built from it.</param>
    /// <param name="examples">The examples.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="bootstrapping">Tells the metric the runs are bootstraps (DSPy's <c>trace is not None</c>).</param>
    /// <param name="settings">Settings for these runs; null for <see cref="Settings"/>.</param>
    /// <param name="concurrency">How many examples run at once in process.</param>
    /// <param name="cancellationToken">Cancels the runs; failures are returned, not thrown.</param>
    /// <returns>One scored run per example, in the order of <paramref name="examples"/>.</returns>
    public Task<ScoredRun<TOut>[]> RunManyAsync(Program<TIn, TOut> program, IReadOnlyList<Example> examples, IMetric metric, bool bootstrapping,
        LMSettings? settings, int concurrency, CancellationToken cancellationToken)
    {
        var trial = new TrialWork(this, program, examples, metric, bootstrapping, settings, concurrency);
        return ObservedCall.IsObserved(settings ?? Settings)
            ? ObservedCall.RunAsync(settings ?? Settings, DspyCallKind.Trial, NextTrialName(), examples, trial,
                static (t, ct) => new ValueTask<ScoredRun<TOut>[]>(t.Run.RunManyCoreAsync(t, ct)), cancellationToken).AsTask()
            : RunManyCoreAsync(trial, cancellationToken);
    }

    private async Task<ScoredRun<TOut>[]> RunManyCoreAsync(TrialWork trial, CancellationToken cancellationToken)
    {
        var scored = new ScoredRun<TOut>[trial.Examples.Count];
        await foreach (var (index, run) in RunEachCoreAsync(trial.Program, trial.Examples, trial.Metric, trial.Bootstrapping, trial.Settings, trial.Concurrency,
                           cancellationToken).ConfigureAwait(false))
            scored[index] = run;
        return scored;
    }

    /// <summary>The arguments of one trial, handed to its span's body without a closure.</summary>
    private sealed record TrialWork(OptimizerRun<TIn, TOut> Run, Program<TIn, TOut> Program, IReadOnlyList<Example> Examples, IMetric Metric,
        bool Bootstrapping, LMSettings? Settings, int Concurrency);

    /// <summary>Trials are numbered from 1 per compile, in the order they start.</summary>
    private string NextTrialName() => $"trial {Interlocked.Increment(ref _trials)}";

    /// <summary>
    /// Like <see cref="RunManyAsync"/>, but yields each scored run as it finishes (for progress), with its position in
    /// <paramref name="examples"/>; every example is yielded exactly once.
    /// </summary>
    /// <param name="program">The student or a candidate built from it.</param>
    /// <param name="examples">The examples.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="bootstrapping">Tells the metric the runs are bootstraps (DSPy's <c>trace is not None</c>).</param>
    /// <param name="settings">Settings for these runs; null for <see cref="Settings"/>.</param>
    /// <param name="concurrency">How many examples run at once in process.</param>
    /// <param name="cancellationToken">Cancels the runs; failures are returned, not thrown.</param>
    public async IAsyncEnumerable<(int Index, ScoredRun<TOut> Run)> RunEachAsync(Program<TIn, TOut> program, IReadOnlyList<Example> examples,
        IMetric metric, bool bootstrapping, LMSettings? settings, int concurrency,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!ObservedCall.IsObserved(settings ?? Settings))
        {
            await foreach (var item in RunEachCoreAsync(program, examples, metric, bootstrapping, settings, concurrency, cancellationToken).ConfigureAwait(false))
                yield return item;
            yield break;
        }
        // A trial span needs a body to run in, and an iterator cannot yield from inside one: the body fills a channel
        // this iterator drains, and a consumer that stops early cancels the rest of the runs.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = System.Threading.Channels.Channel.CreateUnbounded<(int Index, ScoredRun<TOut> Run)>(
            new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var trial = ObservedCall.RunAsync(settings ?? Settings, DspyCallKind.Trial, NextTrialName(), examples,
            (Work: new TrialWork(this, program, examples, metric, bootstrapping, settings, concurrency), Writer: channel.Writer),
            static async (s, ct) =>
            {
                var all = new ScoredRun<TOut>[s.Work.Examples.Count];
                try
                {
                    var w = s.Work;
                    await foreach (var (index, run) in w.Run.RunEachCoreAsync(w.Program, w.Examples, w.Metric, w.Bootstrapping, w.Settings, w.Concurrency, ct)
                                       .ConfigureAwait(false))
                    {
                        all[index] = run;
                        await s.Writer.WriteAsync((index, run), ct).ConfigureAwait(false);
                    }
                    s.Writer.Complete();
                }
                catch (Exception e)
                {
                    s.Writer.Complete(e);
                    throw;
                }
                return all;
            }, stop.Token).AsTask();
        var drained = false;
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return item;
            drained = true;
        }
        finally
        {
            if (drained) await trial.ConfigureAwait(false); // every run arrived: the trial ended, and any error of its own surfaces here
            else
            {
                // The reader already threw the trial's error (the channel carries it), or the consumer stopped early:
                // cancel the runs still going and wait for them, so none outlives this enumeration.
                stop.Cancel();
                await ((Task)trial).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async IAsyncEnumerable<(int Index, ScoredRun<TOut> Run)> RunEachCoreAsync(Program<TIn, TOut> program, IReadOnlyList<Example> examples,
        IMetric metric, bool bootstrapping, LMSettings? settings, int concurrency,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(metric);
        var work = new ExampleWork<TIn, TOut>
        {
            Program = program, Examples = examples, ToInput = ToInput, Metric = metric, Settings = settings ?? Settings,
            Concurrency = concurrency, Bootstrapping = bootstrapping,
        };
        var executor = Options.Executor;
        var seen = new bool[examples.Count];
        var count = 0;
        await foreach (var run in executor.RunAsync(work, cancellationToken).ConfigureAwait(false))
        {
            if (run.Index < 0 || run.Index >= seen.Length || seen[run.Index])
                throw new InvalidOperationException(
                    $"{executor.GetType().Name} returned example {run.Index} out of range or twice; an executor must return each of the {seen.Length} examples once.");
            seen[run.Index] = true;
            count++;
            Count(run.Usage);
            yield return (run.Index, new ScoredRun<TOut>(run.Output, run.Trace, run.Score, run.Error is { } e ? Describe(e, metric) : null));
        }
        if (count < seen.Length)
            throw new InvalidOperationException(
                $"{executor.GetType().Name} finished without returning example {Array.IndexOf(seen, false)}; an executor must return a run for every example, failed or not.");
    }

    /// <summary>Scores <paramref name="program"/> on <paramref name="examples"/> with <see cref="Evaluate"/>; calls and tokens are counted.</summary>
    /// <param name="program">The program.</param>
    /// <param name="examples">The examples.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="concurrency">How many examples run at once.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    public Task<EvaluationResult> EvaluateAsync(Program<TIn, TOut> program, IReadOnlyList<Example> examples, IMetric metric, int concurrency,
        CancellationToken cancellationToken) =>
        ObservedCall.IsObserved(Settings)
            ? ObservedCall.RunAsync(Settings, DspyCallKind.Trial, NextTrialName(), examples, (Run: this, Program: program, Examples: examples, Metric: metric, Concurrency: concurrency),
                static (s, ct) => new ValueTask<EvaluationResult>(s.Run.EvaluateCoreAsync(s.Program, s.Examples, s.Metric, s.Concurrency, ct)), cancellationToken).AsTask()
            : EvaluateCoreAsync(program, examples, metric, concurrency, cancellationToken);

    private async Task<EvaluationResult> EvaluateCoreAsync(Program<TIn, TOut> program, IReadOnlyList<Example> examples, IMetric metric, int concurrency,
        CancellationToken cancellationToken)
    {
        var result = await Evaluate.RunAsync(program, examples, ToInput, metric,
            new EvaluateOptions { Concurrency = concurrency, Settings = Settings, MaxErrors = null, KeepHistory = false, Executor = Options.Executor },
            cancellationToken).ConfigureAwait(false);
        Count(result.Usage);
        return result;
    }

    private static string Describe(ExampleError error, IMetric metric) => error.Stage switch
    {
        ExampleErrorStage.Input => $"could not build the input: {error.Message}",
        ExampleErrorStage.Metric => $"metric '{metric.Name}' failed: {error}",
        _ => error.ToString(),
    };

    private void Count(EvaluationUsage usage)
    {
        lock (_gate)
        {
            _lmCalls += usage.LMCalls;
            _cacheHits += usage.CacheHits;
            _tokens += usage.TotalTokens;
        }
    }
}

/// <summary>One scored run: its output, trace, and metric result (or why there is none).</summary>
/// <typeparam name="TOut">The program's output type.</typeparam>
/// <param name="Output">The output, or default when the run failed.</param>
/// <param name="Trace">The predictor calls it made.</param>
/// <param name="Score">The metric's result, or null when the run or the metric failed.</param>
/// <param name="Error">Why there is no score, or null.</param>
public sealed record ScoredRun<TOut>(TOut? Output, IReadOnlyList<TraceEntry> Trace, MetricResult? Score, string? Error) : IScoredRun
{
    /// <summary>Whether the score passes <paramref name="threshold"/> (the metric's own pass rule when null).</summary>
    /// <param name="threshold">A score threshold, or null.</param>
    public bool Passed(double? threshold) => Score is { } s && s.Passes(threshold);
}
