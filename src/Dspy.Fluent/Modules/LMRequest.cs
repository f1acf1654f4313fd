using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>One LM request of a predictor call: what to format, with which adapter, for whom. <c>ParseSignature</c> may
/// be a looser twin of <c>Signature</c> (see <see cref="LMInvoker"/>); <c>Options</c> are sent as they are (a follow-up
/// call) or, when null, built from the settings and state.</summary>
internal readonly record struct LMRequest(IChatClient Client, IAdapter Adapter, IPredictor Predictor, Signature Signature, Signature ParseSignature,
    PredictorState? State, IReadOnlyList<Example> Demos, IReadOnlyDictionary<string, object?> Inputs, RunContext Context, ChatOptions? Options);
