namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>One row of the job's table: a program's scores on the dev split and what its evaluation cost.</summary>
/// <remarks><see cref="Failed"/> examples score 0: a table without them read as a weak program when the LM was failing.</remarks>
public sealed record ProgramScore(string Name, double ExactMatch, double F1, double RetrievalRecall, int LMCalls, int CacheHits, long Tokens, double Seconds)
{
    /// <summary>Examples whose run or metric threw (each scored 0).</summary>
    public int Failed { get; init; }

    /// <summary>Whether the evaluation stopped early on its error budget; the scores then cover only the examples that finished.</summary>
    public bool Stopped { get; init; }

    /// <summary>The row for one evaluation: exact match from the evaluation, F1 and retrieval recall from its rows.</summary>
    /// <param name="name">The program's name.</param>
    /// <param name="result">Its evaluation on the dev split (exact match), or the part that finished before it stopped.</param>
    /// <param name="cancellationToken">Cancels scoring.</param>
    public static async Task<ProgramScore> OfAsync(string name, EvaluationResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        double f1 = 0, recall = 0;
        foreach (var row in result.Rows.Where(r => r.Prediction is not null))
        {
            var context = new MetricContext(row.Example, row.Prediction!);
            f1 += (await Metrics.F1.ScoreAsync(context, cancellationToken).ConfigureAwait(false)).Score;
            recall += (await Metrics.RetrievalRecall.ScoreAsync(context, cancellationToken).ConfigureAwait(false)).Score;
        }
        var n = Math.Max(1, result.Rows.Count);
        return new ProgramScore(name, result.Score, f1 / n, recall / n, result.Usage.LMCalls, result.Usage.CacheHits, result.Usage.TotalTokens, result.WallTime.TotalSeconds)
        {
            Failed = result.ErrorCount,
        };
    }
}
