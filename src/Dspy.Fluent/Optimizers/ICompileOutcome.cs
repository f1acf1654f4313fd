namespace Dspy.Fluent;

/// <summary>A compile's result seen without its program types, so that its span can carry the score.</summary>
internal interface ICompileOutcome
{
    OptimizerReport Report { get; }
}
