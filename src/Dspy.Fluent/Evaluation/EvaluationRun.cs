namespace Dspy.Fluent;

/// <summary>The state of one <see cref="Evaluate"/> call: rows by devset index, counters for progress and the error budget.</summary>
internal sealed class EvaluationRun<TIn, TOut>(Program<TIn, TOut> program, Example[] examples, Func<Example, TIn> toInput,
    IMetric metric, EvaluateOptions options)
{
    private readonly ExampleResult?[] _rows = new ExampleResult?[examples.Length];
    private readonly object _gate = new();
    private readonly LMSettings _settings = options.Settings ?? LMSettings.Current ?? LMSettings.Empty;
    private int _done;
    private int _errors;
    private double _scoreSum;
    private bool _aborted;

    public async Task<EvaluationResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = options.TimeProvider;
        var startedAt = clock.GetUtcNow();
        var start = clock.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, examples.Length), parallel,
                async (index, token) => Finish(await RunOneAsync(index, token).ConfigureAwait(false), stop)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_aborted && !cancellationToken.IsCancellationRequested)
        {
            // The error budget cancelled the run; report it as such below.
        }
        var result = Result(startedAt, clock.GetElapsedTime(start));
        if (_aborted)
            throw new EvaluationAbortedException(result, options.MaxErrors!.Value, result.Rows.First(r => r.Failed));
        return result;
    }

    private async Task<ExampleResult> RunOneAsync(int index, CancellationToken token)
    {
        var example = examples[index];
        TIn input;
        try
        {
            input = toInput(example);
        }
        catch (Exception e)
        {
            return Failure(index, $"Could not build the program input from the example: {Describe(e)}", [], TimeSpan.Zero);
        }

        var outcome = await program.TryRunAsync(input, _settings, token).ConfigureAwait(false);
        var calls = options.KeepHistory ? outcome.History.Calls : [];
        var usage = EvaluationUsage.Of(outcome.History.Calls);
        if (outcome.Error is { } error)
            return Failure(index, Describe(error), calls, outcome.Elapsed) with { Usage = usage };

        var prediction = Predictions.FromOutput(outcome.Output);
        var context = new MetricContext(example, prediction) { Output = outcome.Output, Trace = outcome.Trace };
        MetricResult score;
        try
        {
            // The run's settings are ambient while scoring, so an LM judge talks to the same LM unless told otherwise.
            using var _ = LMSettings.Use(_settings);
            score = await metric.ScoreAsync(context, token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Metric '{metric.Name}' returned null.");
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return Failure(index, $"Metric '{metric.Name}' failed: {Describe(e)}", calls, outcome.Elapsed) with { Prediction = prediction, Usage = usage };
        }
        return new ExampleResult
        {
            Index = index, Example = example, Prediction = prediction, Score = score.Score, Feedback = score.Feedback,
            Usage = usage, Elapsed = outcome.Elapsed, Calls = calls,
        };
    }

    private ExampleResult Failure(int index, string error, IReadOnlyList<LMCall> calls, TimeSpan elapsed) => new()
    {
        Index = index, Example = examples[index], Score = options.FailureScore, Error = error, Calls = calls, Elapsed = elapsed,
        Usage = EvaluationUsage.Of(calls),
    };

    private void Finish(ExampleResult row, CancellationTokenSource stop)
    {
        EvaluationProgress progress;
        lock (_gate)
        {
            _rows[row.Index] = row;
            _done++;
            _scoreSum += row.Score;
            if (row.Failed) _errors++;
            if (options.MaxErrors is { } max && _errors > max && !_aborted)
            {
                _aborted = true;
                stop.Cancel();
            }
            progress = new EvaluationProgress(_done, examples.Length, _scoreSum / _done, _errors);
        }
        options.Progress?.Report(progress);
    }

    private EvaluationResult Result(DateTimeOffset startedAt, TimeSpan wallTime)
    {
        ExampleResult[] rows;
        lock (_gate) rows = _rows.Where(r => r is not null).ToArray()!;
        var usage = rows.Aggregate(EvaluationUsage.Zero, (sum, r) => sum.Add(r.Usage));
        return new EvaluationResult
        {
            Metric = metric.Name, Title = options.Title, Rows = rows, Score = rows.Length == 0 ? 0 : rows.Sum(r => r.Score) / rows.Length,
            Usage = usage, StartedAt = startedAt, WallTime = wallTime, Concurrency = options.Concurrency, LM = LMIdentity.Of(_settings.Client),
        };
    }

    private static string Describe(Exception e)
    {
        var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : e;
        return $"{inner.GetType().Name}: {inner.Message}";
    }
}
