namespace Dspy.Fluent;

/// <summary>The DSPy module a predictor stands for; it decides DSPy's key in saved files (<c>name.predict</c> for chain of thought).</summary>
public enum PredictorKind
{
    /// <summary><c>dspy.Predict</c>: the signature as declared.</summary>
    Predict,

    /// <summary><c>dspy.ChainOfThought</c>: a <c>reasoning</c> output before the declared ones.</summary>
    ChainOfThought,
}
