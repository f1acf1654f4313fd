namespace Dspy.Fluent;

/// <summary>
/// Scores candidate states of one student on example sets with <see cref="Evaluate"/>, remembering each result: a state
/// already scored on a set is not run again (the optimizers evaluate deterministically, so a second run would only
/// spend LM calls on the same number).
/// </summary>
internal sealed class CandidateEvaluator<TIn, TOut>(OptimizerRun<TIn, TOut> run, IMetric metric, int concurrency)
{
    private readonly Dictionary<string, EvaluationResult> _results = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Evaluations actually run (not answered from memory).</summary>
    public int Evaluations { get; private set; }

    /// <summary>Metric calls made by the evaluations actually run.</summary>
    public int MetricCalls { get; private set; }

    /// <summary>Scores <paramref name="state"/> on <paramref name="examples"/>, known to the caller as <paramref name="setKey"/>.</summary>
    public async Task<EvaluationResult> EvaluateAsync(ProgramState state, IReadOnlyList<Example> examples, string setKey, CancellationToken cancellationToken)
    {
        var key = setKey + "\n" + state.ToJson();
        lock (_gate)
            if (_results.TryGetValue(key, out var known)) return known;
        var result = await run.EvaluateAsync(run.Student.WithState(state), examples, metric, concurrency, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _results[key] = result;
            Evaluations++;
            MetricCalls += examples.Count;
        }
        return result;
    }

    /// <summary>
    /// Throws when every example of the first evaluation failed: a metric that always throws (or a program that always
    /// fails) leaves nothing to optimize, and scoring every candidate zero would only hide it.
    /// </summary>
    public static void EnsureScorable(EvaluationResult result, string optimizer, string setName)
    {
        if (result.Rows.Count == 0 || result.Rows.Any(r => !r.Failed)) return;
        var first = result.Rows[0].Error;
        var what = first?.StartsWith("Metric ", StringComparison.Ordinal) == true ? "the metric" : "the program";
        throw new InvalidOperationException(
            $"{optimizer} cannot score anything: every one of the {result.Rows.Count} examples of the {setName} failed, so {what} is broken " +
            $"(first error: {first}). Fix it and compile again; run Evaluate.RunAsync on a few examples to see each error.");
    }
}
