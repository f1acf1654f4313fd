
namespace Dspy.Fluent;

/// <summary>One LM step as optimizers see it: a stable name, a signature and its configuration.</summary>
/// <remarks>A predictor's learnable parameters are not in it: they live in a <see cref="ProgramState"/> under <see cref="Name"/>.</remarks>
public interface IPredictor
{
    /// <summary>The stable name that keys this predictor's state, traces and saved demos, e.g. <c>generate_answer</c>.</summary>
    PredictorName Name { get; }

    /// <summary>The signature as declared (compiled instructions are applied at run time from the state).</summary>
    Signature Signature { get; }

    /// <summary>The module it stands for: <see cref="PredictorKind.Predict"/> or <see cref="PredictorKind.ChainOfThought"/>.</summary>
    PredictorKind Kind { get; }

    /// <summary>Per-predictor LM settings declared in code.</summary>
    PredictorConfig Config { get; }
}
