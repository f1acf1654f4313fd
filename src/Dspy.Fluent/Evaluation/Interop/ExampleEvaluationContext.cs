using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Dspy.Fluent;

/// <summary>Hands a Dspy.Fluent <see cref="Example"/> (with its labels) to a <see cref="MetricEvaluator"/> through Microsoft.Extensions.AI.Evaluation's additional context.</summary>
public sealed class ExampleEvaluationContext : EvaluationContext
{
    /// <summary>The context's name in an evaluation result.</summary>
    public const string ContextName = "Dspy.Fluent example";

    /// <summary>Wraps <paramref name="example"/>.</summary>
    /// <param name="example">The example, inputs and labels.</param>
    public ExampleEvaluationContext(Example example)
        : base(ContextName, (example ?? throw new ArgumentNullException(nameof(example))).ToString()) => Example = example;

    /// <summary>The example.</summary>
    public Example Example { get; }
}
