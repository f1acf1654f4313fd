namespace Dspy.Fluent;

/// <summary>Where a compile is: which phase, how far, and the best score so far.</summary>
/// <param name="Optimizer">The optimizer's name.</param>
/// <param name="Phase">What it is doing, e.g. <c>bootstrapping</c> or <c>evaluating candidates</c>.</param>
/// <param name="Done">Steps finished in this phase.</param>
/// <param name="Total">Steps in this phase (an upper bound when the phase may stop early).</param>
/// <param name="BestScore">The best score so far, or null before any.</param>
/// <param name="Message">The last step, e.g. <c>example 7 passed</c>.</param>
public sealed record OptimizerProgress(string Optimizer, string Phase, int Done, int Total, double? BestScore, string Message);
