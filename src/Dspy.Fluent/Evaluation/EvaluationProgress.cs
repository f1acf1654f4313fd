namespace Dspy.Fluent;

/// <summary>Where an evaluation stands, reported after each finished example.</summary>
/// <param name="Done">Examples finished (scored or failed).</param>
/// <param name="Total">Examples in the devset.</param>
/// <param name="RunningScore">Mean score of the finished examples, in [0, 1] (0 before the first).</param>
/// <param name="Errors">Examples that failed so far.</param>
public sealed record EvaluationProgress(int Done, int Total, double RunningScore, int Errors);
