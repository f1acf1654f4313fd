
namespace Dspy.Fluent;

/// <summary>
/// One step a run took: a predictor call (or a retriever or tool call) with its inputs and outputs. Optimizers turn
/// the entries of passing runs into demos.
/// </summary>
/// <param name="Name">The predictor's (or retriever's) stable name.</param>
/// <param name="Kind">What made the step: <c>Predict</c>, <c>ChainOfThought</c>, <c>Retrieve</c>, a tool…</param>
/// <param name="Signature">The signature as called (with the instructions in force), or null for non-LM steps.</param>
/// <param name="Inputs">The input values, marked as inputs.</param>
/// <param name="Outputs">The output values.</param>
public sealed record TraceEntry(string Name, string Kind, Signature? Signature, Example Inputs, Prediction Outputs)
{
    /// <summary>Inputs and outputs together as one demo for this step's predictor (inputs marked).</summary>
    public Example ToDemo()
    {
        var demo = Inputs;
        foreach (var (k, v) in Outputs) demo = demo.With(k, v);
        return demo.WithInputs(Inputs.InputKeys);
    }
}
