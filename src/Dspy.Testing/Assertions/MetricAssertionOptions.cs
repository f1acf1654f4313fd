namespace Dspy.Fluent;

/// <summary>Settings of <see cref="ProgramAssertions.ShouldPassAsync{TIn, TOut}(Program{TIn, TOut}, Example, IMetric, MetricAssertionOptions, CancellationToken)"/>.</summary>
public sealed record MetricAssertionOptions
{
    /// <summary>The LM and its settings; null for the ambient ones.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>The score needed to pass. Default 1 (full marks): a pass/fail metric must pass; a graded one must be perfect unless you lower this.</summary>
    public double MinScore { get; init; } = 1.0;
}
