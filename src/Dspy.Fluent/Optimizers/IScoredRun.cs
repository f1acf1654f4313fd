namespace Dspy.Fluent;

/// <summary>A scored run seen without its output type, so that a trial's span can carry its mean score.</summary>
internal interface IScoredRun
{
    MetricResult? Score { get; }
}
