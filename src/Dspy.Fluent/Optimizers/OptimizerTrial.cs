namespace Dspy.Fluent;

/// <summary>One thing an optimizer tried: a bootstrapped example, a candidate program, an instruction…</summary>
/// <param name="Label">What was tried, e.g. <c>example 3</c> or <c>candidate seed=2 (3 demos)</c>.</param>
/// <param name="Score">Its score (a metric result or an evaluation score), or null when it failed.</param>
/// <param name="Accepted">Whether the optimizer kept it.</param>
/// <param name="Detail">Why it was kept or dropped, or the error; null for none.</param>
public sealed record OptimizerTrial(string Label, double? Score, bool Accepted, string? Detail = null)
{
    /// <summary>What kind of score this is, e.g. <c>minibatch</c>, <c>full</c>, <c>depth 2</c> or <c>proposal</c>; null when
    /// the optimizer has one kind only. Charts draw one series per phase.</summary>
    public string? Phase { get; init; }

    /// <summary>The optimizer's best score after this trial (on the set it chooses by), or null when it keeps none.</summary>
    public double? BestSoFar { get; init; }
}
