using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>How a <see cref="MetricEvaluator"/> turns an evaluator call into a metric call and its score into an evaluation metric.</summary>
public sealed record MetricEvaluatorOptions
{
    /// <summary>Reads the prediction from the model response; null for one field, <c>answer</c>, holding the response text.</summary>
    public Func<ChatResponse, Prediction>? ReadPrediction { get; init; }

    /// <summary>The score needed to pass (the interpretation's <c>Failed</c> flag); null for DSPy's truthiness (score &gt; 0).</summary>
    public double? PassThreshold { get; init; }
}
