namespace Dspy.Fluent;

/// <summary>Where an evaluation stands, reported after each finished example.</summary>
/// <param name="Done">Examples finished (scored or failed).</param>
/// <param name="Total">Examples in the devset.</param>
/// <param name="RunningScore">Mean score of the finished examples, in [0, 1] (0 before the first).</param>
/// <param name="Errors">Examples that failed so far.</param>
/// <example>
/// <code>
/// var progress = new Progress&lt;EvaluationProgress&gt;(p =&gt; Console.Error.WriteLine($"{p.Done}/{p.Total}, {p.LMCalls} LM calls ({p.CacheHits} cached)"));
/// await Evaluate.RunAsync(qa, devset, Metrics.ExactMatch, new EvaluateOptions { Progress = progress }, ct);
/// </code>
/// </example>
public sealed record EvaluationProgress(int Done, int Total, double RunningScore, int Errors)
{
    /// <summary>LM calls made by the finished examples (cache hits and failed calls included), from their rows' <see cref="ExampleResult.Usage"/>.</summary>
    /// <example>
    /// <code>
    /// var fresh = progress.LMCalls - progress.CacheHits; // calls that reached the model
    /// </code>
    /// </example>
    public int LMCalls { get; init; }

    /// <summary>Of <see cref="LMCalls"/>, those answered from a cache (<see cref="LMCall.CacheHit"/>).</summary>
    /// <example>
    /// <code>
    /// if (progress.CacheHits == progress.LMCalls) Console.Error.WriteLine("all cached so far");
    /// </code>
    /// </example>
    public int CacheHits { get; init; }
}
