namespace Dspy.Fluent;

/// <summary>Where a compile is: which phase, how far, and the best score so far.</summary>
/// <param name="Optimizer">The optimizer's name.</param>
/// <param name="Phase">What it is doing, e.g. <c>bootstrapping</c> or <c>evaluating candidates</c>.</param>
/// <param name="Done">Steps finished in this phase (the trial number for a search).</param>
/// <param name="Total">Steps in this phase (an upper bound when the phase may stop early).</param>
/// <param name="BestScore">The best score so far, or null before any.</param>
/// <param name="Message">The last step, e.g. <c>example 7 passed</c>.</param>
public sealed record OptimizerProgress(string Optimizer, string Phase, int Done, int Total, double? BestScore, string Message)
{
    /// <summary>The score of the step just finished (a candidate's evaluation), or null when it has none.</summary>
    public double? Score { get; init; }

    /// <summary>What the step tried, e.g. <c>instruction 2, demo set 1</c>, or null.</summary>
    public string? Candidate { get; init; }

    /// <summary>LM calls the compile has made so far (cache hits included).</summary>
    /// <example>
    /// <code>
    /// var progress = new Progress&lt;OptimizerProgress&gt;(p =&gt; Console.Error.WriteLine($"{p.Phase}: {p.LMCalls} LM calls, {p.CacheHits} cached"));
    /// </code>
    /// </example>
    public int LMCalls { get; init; }

    /// <summary>Of <see cref="LMCalls"/>, those answered from a cache.</summary>
    /// <example>
    /// <code>
    /// var fresh = progress.LMCalls - progress.CacheHits;
    /// </code>
    /// </example>
    public int CacheHits { get; init; }
}
