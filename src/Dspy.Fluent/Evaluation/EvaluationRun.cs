using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>The state of one <see cref="Evaluate"/> call: rows by devset index, counters for progress and the error budget.</summary>
internal sealed class EvaluationRun<TIn, TOut>(Program<TIn, TOut> program, Example[] examples, Func<Example, TIn> toInput,
    IMetric metric, EvaluateOptions options)
{
    private readonly ExampleResult?[] _rows = new ExampleResult?[examples.Length];
    private readonly object _gate = new();
    private readonly LMSettings _settings = options.Settings ?? LMSettings.Current ?? LMSettings.Empty;

    /// <summary>The settings the evaluation runs under (the options', else the ambient ones).</summary>
    public LMSettings Settings => _settings;
    private int _done;
    private int _errors;
    private int _lmCalls;
    private int _cacheHits;
    private double _scoreSum;
    private bool _aborted;

    public async Task<EvaluationResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = options.TimeProvider;
        var startedAt = clock.GetUtcNow();
        var start = clock.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = new ExampleWork<TIn, TOut>
        {
            Program = program, Examples = examples, ToInput = toInput, Metric = metric, Settings = _settings,
            Concurrency = options.Concurrency, KeepHistory = options.KeepHistory,
        };
        try
        {
            await foreach (var run in options.Executor.RunAsync(work, stop.Token).ConfigureAwait(false))
                Finish(await WithExtraScoresAsync(Row(run), run, stop.Token).ConfigureAwait(false), stop);
        }
        catch (OperationCanceledException) when (_aborted && !cancellationToken.IsCancellationRequested)
        {
            // The error budget cancelled the run; report it as such below.
        }
        if (!_aborted && _done < examples.Length)
            throw new InvalidOperationException(
                $"{options.Executor.GetType().Name} finished without returning {examples.Length - _done} of the {examples.Length} examples " +
                $"(first missing: {Array.FindIndex(_rows, r => r is null)}); an executor must return a run for every example, failed or not.");
        var result = Result(startedAt, clock.GetElapsedTime(start));
        if (_aborted)
            throw new EvaluationAbortedException(result, options.MaxErrors!.Value, result.Rows.First(r => r.Failed));
        return result;
    }

    private ExampleResult Row(ExampleRun<TOut> run)
    {
        if (run.Index < 0 || run.Index >= examples.Length)
            throw new InvalidOperationException(
                $"{options.Executor.GetType().Name} returned a run for example {run.Index}, but the devset has {examples.Length} examples (0 to {examples.Length - 1}).");
        var row = new ExampleResult
        {
            Index = run.Index, Example = examples[run.Index], Prediction = run.Prediction, Usage = run.Usage, Elapsed = run.Elapsed, Calls = run.Calls,
        };
        return run.Error is { } error
            ? row with { Score = options.FailureScore, Error = Describe(error) }
            : run.Score is { } score
                ? row with { Score = score.Score, Feedback = score.Feedback }
                : throw new InvalidOperationException($"{options.Executor.GetType().Name} returned example {run.Index} with neither a score nor an error.");
    }

    /// <summary>Scores the row on <see cref="EvaluateOptions.ExtraMetrics"/>; one that throws fails the row as the main metric would.</summary>
    private async Task<ExampleResult> WithExtraScoresAsync(ExampleResult row, ExampleRun<TOut> run, CancellationToken token)
    {
        if (options.ExtraMetrics.Count == 0) return row;
        var scores = new Dictionary<string, double>(options.ExtraMetrics.Count, StringComparer.Ordinal);
        if (row.Failed || row.Prediction is null)
        {
            foreach (var extra in options.ExtraMetrics) scores[extra.Name] = options.FailureScore;
            return row with { ExtraScores = scores };
        }
        var context = new MetricContext(row.Example, row.Prediction) { Output = run.Output, Trace = run.Trace };
        using var _ = LMSettings.Use(_settings);
        foreach (var extra in options.ExtraMetrics)
        {
            try
            {
                scores[extra.Name] = (await extra.ScoreAsync(context, token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Metric '{extra.Name}' returned null.")).Score;
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                foreach (var each in options.ExtraMetrics) scores[each.Name] = options.FailureScore;
                return row with
                {
                    Score = options.FailureScore, Feedback = null, ExtraScores = scores,
                    Error = $"Metric '{extra.Name}' failed: {ExampleError.From(ExampleErrorStage.Metric, e)}",
                };
            }
        }
        return row with { ExtraScores = scores };
    }

    private string Describe(ExampleError error) => error.Stage switch
    {
        ExampleErrorStage.Input => $"Could not build the program input from the example: {error}",
        ExampleErrorStage.Metric => $"Metric '{metric.Name}' failed: {error}",
        _ => error.ToString(),
    };

    private void Finish(ExampleResult row, CancellationTokenSource stop)
    {
        EvaluationProgress progress;
        lock (_gate)
        {
            if (_rows[row.Index] is not null)
                throw new InvalidOperationException($"{options.Executor.GetType().Name} returned example {row.Index} twice; an executor must return each example once.");
            _rows[row.Index] = row;
            _done++;
            _scoreSum += row.Score;
            if (row.Failed) _errors++;
            _lmCalls += row.Usage.LMCalls;
            _cacheHits += row.Usage.CacheHits;
            if (options.MaxErrors is { } max && _errors > max && !_aborted)
            {
                _aborted = true;
                stop.Cancel();
            }
            progress = new EvaluationProgress(_done, examples.Length, _scoreSum / _done, _errors) { LMCalls = _lmCalls, CacheHits = _cacheHits };
        }
        options.Progress?.Report(progress);
    }

    private EvaluationResult Result(DateTimeOffset startedAt, TimeSpan wallTime)
    {
        ExampleResult[] rows;
        lock (_gate) rows = _rows.Where(r => r is not null).ToArray()!;
        var usage = rows.Aggregate(EvaluationUsage.Zero, (sum, r) => sum.Add(r.Usage));
        var extras = new Dictionary<string, double>(options.ExtraMetrics.Count, StringComparer.Ordinal);
        foreach (var extra in options.ExtraMetrics)
            extras[extra.Name] = rows.Length == 0 ? 0 : rows.Sum(r => r.ExtraScores.GetValueOrDefault(extra.Name)) / rows.Length;
        return new EvaluationResult
        {
            ExtraScores = options.ExtraMetrics.Count == 0 ? ReportEquality.NoScores : extras,
            Metric = metric.Name, Title = options.Title, Rows = rows, Score = rows.Length == 0 ? 0 : rows.Sum(r => r.Score) / rows.Length,
            Usage = usage, StartedAt = startedAt, WallTime = wallTime, Concurrency = options.Concurrency, LM = LMIdentity.Of(_settings.Client),
        };
    }
}
