using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>One LM request of a predictor call: what to format, with which adapter, for whom. <c>ParseSignature</c> may
/// be a looser twin of <c>Signature</c> (see <see cref="LMInvoker"/>); <c>Options</c> are sent as they are (a follow-up
/// call) or, when null, built from the settings and state. <c>Tools</c>, when set, are offered to the provider's native
/// function calling and its calls read back (see <see cref="NativeTools"/>).</summary>
internal readonly record struct LMRequest(IChatClient Client, IAdapter Adapter, IPredictor Predictor, Signature Signature, Signature ParseSignature,
    PredictorState? State, IReadOnlyList<Example> Demos, IReadOnlyDictionary<string, object?> Inputs, RunContext Context, ChatOptions? Options,
    NativeTools? Tools = null);

/// <summary>
/// Tools offered through the provider's native function calling (<see cref="ChatOptions.Tools"/>): the reply's
/// <see cref="FunctionCallContent"/>s go into the prediction under <paramref name="CallsField"/>. As DSPy's adapters do
/// for a <c>ToolCalls</c> output, a reply that has calls but whose text does not parse keeps the calls and no text fields.
/// </summary>
/// <param name="Declarations">The functions the LM may call.</param>
/// <param name="CallsField">The prediction key the calls go under, as an <c>IReadOnlyList&lt;FunctionCallContent&gt;</c>
/// (or, with <paramref name="AsToolCalls"/>, as a <see cref="ToolCalls"/>, null when the reply has none).</param>
/// <param name="AsToolCalls">Whether the calls fill a signature's <see cref="FieldType.ToolCalls"/> output (an adapter's
/// <see cref="IAdapter.UseNativeFunctionCalling"/>) rather than ReAct's own key.</param>
internal sealed record NativeTools(IReadOnlyList<AITool> Declarations, string CallsField, bool AsToolCalls = false);
