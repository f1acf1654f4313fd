namespace Dspy.Fluent;

/// <summary>One compile in progress: the student, data, settings, and the running totals its report needs.</summary>
internal sealed class OptimizerRun<TIn, TOut>
{
    private readonly object _gate = new();
    private readonly List<string> _notes = [];
    private int _lmCalls;
    private int _proposerCalls;
    private long _tokens;

    public OptimizerRun(string optimizer, Program<TIn, TOut> student, IReadOnlyList<Example> trainset, CompileOptions<TIn, TOut> options,
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

    public string Optimizer { get; }

    public Program<TIn, TOut> Student { get; }

    public IReadOnlyList<Example> Trainset { get; }

    public CompileOptions<TIn, TOut> Options { get; }

    public Func<Example, TIn> ToInput { get; }

    public LMSettings Settings { get; }

    public IProgress<OptimizerProgress>? ProgressSink { get; }

    public int LMCalls { get { lock (_gate) return _lmCalls; } }

    public long Tokens { get { lock (_gate) return _tokens; } }

    public int ProposerLMCalls { get { lock (_gate) return _proposerCalls; } }

    /// <summary>The LM the program runs on, for labelling reports (simulated or not).</summary>
    public LMIdentity LM => LMIdentity.Of(Settings.Client);

    public IReadOnlyList<string> Notes { get { lock (_gate) return _notes.ToArray(); } }

    public void Note(string note)
    {
        lock (_gate) _notes.Add(note);
    }

    /// <summary>Adds the cost of a nested compile (e.g. a candidate's bootstrap) to this one.</summary>
    public void Absorb(OptimizerReport nested)
    {
        lock (_gate)
        {
            _lmCalls += nested.LMCalls;
            _proposerCalls += nested.ProposerLMCalls;
            _tokens += nested.Tokens;
        }
    }

    public void Report(string phase, int done, int total, double? best, string message, double? score = null, string? candidate = null) =>
        ProgressSink?.Report(new OptimizerProgress(Optimizer, phase, done, total, best, message) { Score = score, Candidate = candidate });

    /// <summary>
    /// Runs a helper predictor of the optimizer itself (an instruction proposer, a dataset summariser…) once. Its LM
    /// calls count in the report, as proposer calls; a failure is returned as text, never thrown (except cancellation).
    /// </summary>
    public async Task<(Prediction? Output, string? Error)> ProposeAsync(Predictor<Example, Prediction> proposer, Example inputs,
        LMSettings settings, CancellationToken cancellationToken)
    {
        var outcome = await proposer.TryRunAsync(inputs, settings, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _lmCalls += outcome.History.Count;
            _proposerCalls += outcome.History.Count;
            _tokens += outcome.Usage.TotalTokenCount ?? 0;
        }
        return outcome.Error is { } error ? (null, $"{error.GetType().Name}: {error.Message}") : (outcome.Output, null);
    }

    /// <summary>Runs <paramref name="program"/> on one example and scores it; the run's LM calls and tokens are counted.</summary>
    public async Task<ScoredRun<TOut>> RunAsync(Program<TIn, TOut> program, Example example, IMetric metric, bool bootstrapping,
        LMSettings? settings, CancellationToken cancellationToken)
    {
        TIn input;
        try
        {
            input = ToInput(example);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ScoredRun<TOut>(default, [], null, $"could not build the input: {e.Message}");
        }
        var outcome = await program.TryRunAsync(input, settings ?? Settings, cancellationToken).ConfigureAwait(false);
        Count(outcome);
        if (outcome.Error is { } error) return new ScoredRun<TOut>(default, outcome.Trace, null, $"{error.GetType().Name}: {error.Message}");
        var context = new MetricContext(example, Predictions.FromOutput(outcome.Output)) { Output = outcome.Output, Trace = outcome.Trace, IsBootstrapping = bootstrapping };
        try
        {
            using var _ = LMSettings.Use(settings ?? Settings);
            var score = await metric.ScoreAsync(context, cancellationToken).ConfigureAwait(false);
            return new ScoredRun<TOut>(outcome.Output, outcome.Trace, score, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ScoredRun<TOut>(outcome.Output, outcome.Trace, null, $"metric '{metric.Name}' failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Scores <paramref name="program"/> on <paramref name="examples"/> with <see cref="Evaluate"/>; calls and tokens are counted.</summary>
    public async Task<EvaluationResult> EvaluateAsync(Program<TIn, TOut> program, IReadOnlyList<Example> examples, IMetric metric, int concurrency,
        CancellationToken cancellationToken)
    {
        var result = await Evaluate.RunAsync(program, examples, ToInput, metric,
            new EvaluateOptions { Concurrency = concurrency, Settings = Settings, MaxErrors = null, KeepHistory = false }, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _lmCalls += result.Usage.LMCalls;
            _tokens += result.Usage.TotalTokens;
        }
        return result;
    }

    private void Count(ProgramOutcome<TOut> outcome)
    {
        lock (_gate)
        {
            _lmCalls += outcome.History.Count;
            _tokens += outcome.Usage.TotalTokenCount ?? 0;
        }
    }
}

/// <summary>One scored run: its output, trace, and metric result (or why there is none).</summary>
internal sealed record ScoredRun<TOut>(TOut? Output, IReadOnlyList<TraceEntry> Trace, MetricResult? Score, string? Error)
{
    public bool Passed(double? threshold) => Score is { } s && s.Passes(threshold);
}
