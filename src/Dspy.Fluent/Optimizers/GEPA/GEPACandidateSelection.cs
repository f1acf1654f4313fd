namespace Dspy.Fluent;

/// <summary>How <see cref="GEPA"/> picks the candidate to improve next.</summary>
public enum GEPACandidateSelection
{
    /// <summary>Sample from the per-example Pareto front: candidates best on some valset example, weighted by how many (the default).</summary>
    Pareto,

    /// <summary>Always the candidate with the best valset aggregate.</summary>
    CurrentBest,
}
