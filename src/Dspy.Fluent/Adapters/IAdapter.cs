using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Turns a signature, its instructions, demos and inputs into chat messages, and an LM reply back into output fields.
/// </summary>
/// <remarks>Corresponds to <c>dspy.Adapter</c>. Implementations must be stateless or thread-safe: one adapter serves
/// every concurrent call. <see cref="ChatAdapter"/> is the default; <see cref="JsonAdapter"/> asks for structured output.
/// Predictors use only this interface: a third-party adapter formats, streams (<see cref="CreateStreamReader"/>), reads
/// replies (<see cref="ReadReplyAsync"/>, with follow-up LM calls if it needs them) and falls back exactly like the built-in ones.</remarks>
public interface IAdapter
{
    /// <summary>A short name used in errors and history, e.g. <c>ChatAdapter</c>.</summary>
    string Name { get; }

    /// <summary>The adapter to re-issue a request through when this one cannot parse the reply, or null for none.</summary>
    IAdapter? Fallback { get; }

    /// <summary>Builds the messages for one call: system message, demos, then the current inputs.</summary>
    /// <param name="signature">The signature, with the instructions to use.</param>
    /// <param name="demos">Few-shot examples; fields the signature does not name are ignored.</param>
    /// <param name="inputs">The current input values by field name.</param>
    IReadOnlyList<ChatMessage> Format(Signature signature, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, object?> inputs);

    /// <summary>Adjusts request options for this adapter, e.g. a JSON response format. <paramref name="options"/> is a copy the caller owns.</summary>
    /// <param name="signature">The signature being called.</param>
    /// <param name="options">The options to adjust and return.</param>
    ChatOptions ConfigureOptions(Signature signature, ChatOptions options);

    /// <summary>Reads the output fields from a reply.</summary>
    /// <param name="signature">The signature whose outputs are expected.</param>
    /// <param name="reply">The reply text.</param>
    /// <exception cref="AdapterParseException">The reply does not hold every output field in a readable form.</exception>
    Prediction Parse(Signature signature, string reply);

    /// <summary>Writes output values the way this adapter expects the LM to reply (used for demos, fine-tuning data and scripted LMs).</summary>
    /// <param name="signature">The signature.</param>
    /// <param name="outputs">Output values by field name; missing ones are written as not supplied.</param>
    string FormatReply(Signature signature, IReadOnlyDictionary<string, object?> outputs);

    /// <summary>
    /// Whether a signature with a <c>Tool</c>/<c>list[Tool]</c> input and a <see cref="FieldType.ToolCalls"/> output uses the
    /// provider's native function calling (DSPy's <c>use_native_function_calling</c>): the tools go out as
    /// <see cref="ChatOptions.Tools"/> declarations, both fields leave the prompt, and the reply's
    /// <see cref="FunctionCallContent"/>s become the <see cref="ToolCalls"/> value. The default is false.
    /// </summary>
    /// <example><code>var native = new JsonAdapter().UseNativeFunctionCalling; // true, as DSPy's JSONAdapter</code></example>
    bool UseNativeFunctionCalling => false;

    /// <summary>
    /// A reader that splits a streamed reply into output-field text as it arrives, or null when this adapter's replies
    /// cannot be streamed field by field (then a streaming run gets each field once it is parsed). The default is null.
    /// </summary>
    /// <param name="signature">The signature whose outputs the reply holds.</param>
    /// <example><code>var reader = adapter.CreateStreamReader(signature); // null: no per-field deltas</code></example>
    IFieldStreamReader? CreateStreamReader(Signature signature) => null;

    /// <summary>
    /// Reads the output fields from a whole reply. The default calls <see cref="Parse"/>; an adapter that needs another
    /// LM call to read a reply overrides it and makes that call with <see cref="AdapterReply.AskAsync"/>.
    /// </summary>
    /// <param name="reply">The reply, its signature and finish reason.</param>
    /// <param name="cancellationToken">Cancels any follow-up call.</param>
    /// <exception cref="AdapterParseException">The reply does not hold every output field in a readable form.</exception>
    /// <example><code>var prediction = await adapter.ReadReplyAsync(new AdapterReply(signature, text), cancellationToken);</code></example>
    ValueTask<Prediction> ReadReplyAsync(AdapterReply reply, CancellationToken cancellationToken) => new(Parse(reply.Signature, reply.Text));
}
