namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>One row of the job's table: a program's scores on the dev split and what its evaluation cost.</summary>
/// <remarks><see cref="Failed"/> examples score 0: a table without them read as a weak program when the LM was failing.</remarks>
public sealed record ProgramScore(string Name, double ExactMatch, double F1, double RetrievalRecall, int LMCalls, int CacheHits, long Tokens, double Seconds)
{
    /// <summary>Examples whose run or metric threw (each scored 0).</summary>
    public int Failed { get; init; }

    /// <summary>Whether the evaluation stopped early on its error budget; the scores then cover only the examples that finished.</summary>
    public bool Stopped { get; init; }

    /// <summary>The row for one evaluation: exact match, and the F1 and retrieval recall it scored as extra metrics.</summary>
    /// <param name="name">The program's name.</param>
    /// <param name="result">Its evaluation on the dev split (exact match), or the part that finished before it stopped.</param>
    public static ProgramScore Of(string name, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ProgramScore(name, result.Score, Extra(result, Metrics.F1), Extra(result, Metrics.RetrievalRecall), result.Usage.LMCalls,
            result.Usage.CacheHits, result.Usage.TotalTokens, result.WallTime.TotalSeconds)
        {
            Failed = result.ErrorCount,
        };
    }

    private static double Extra(EvaluationResult result, IMetric metric) =>
        result.ExtraScores.TryGetValue(metric.Name, out var score)
            ? score
            : throw new ArgumentException($"The evaluation was not scored with {metric.Name}: pass it in EvaluateOptions.ExtraMetrics.", nameof(result));
}
