using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// An LM reply handed to <see cref="IAdapter.ReadReplyAsync"/>: its text, why it ended, and the signature to read it
/// with. An adapter that needs a second LM call to read it (as <see cref="TwoStepAdapter"/> does) makes it through
/// <see cref="AskAsync"/>, so that call goes through the same LM layer as the first: history, usage, cache, callbacks.
/// </summary>
/// <example>
/// <code>
/// public async ValueTask&lt;Prediction&gt; ReadReplyAsync(AdapterReply reply, CancellationToken cancellationToken) =>
///     await reply.AskAsync(extractor, ChatAdapter.Default, Signature.Parse("text -> answer"),
///         new Dictionary&lt;string, object?&gt; { ["text"] = reply.Text }, cancellationToken);
/// </code>
/// </example>
public readonly struct AdapterReply
{
    // The predictor call this reply answers (null outside one): two fields rather than an object, so that reading a
    // reply allocates nothing on the hot path.
    private readonly IPredictor? _predictor;
    private readonly RunContext? _context;

    /// <summary>A reply read outside a predictor call, e.g. in an adapter's unit test; <see cref="AskAsync"/> is not available on it.</summary>
    /// <param name="signature">The signature whose outputs are to be read.</param>
    /// <param name="text">The reply text.</param>
    /// <param name="finishReason">Why the LM stopped, when known.</param>
    /// <example><code>var prediction = await adapter.ReadReplyAsync(new AdapterReply(signature, "[[ ## answer ## ]]\n4"), ct);</code></example>
    public AdapterReply(Signature signature, string text, ChatFinishReason? finishReason = null)
    {
        Signature = signature ?? throw new ArgumentNullException(nameof(signature));
        Text = text ?? throw new ArgumentNullException(nameof(text));
        FinishReason = finishReason;
    }

    internal AdapterReply(Signature signature, string text, ChatFinishReason? finishReason, IPredictor predictor, RunContext context)
        : this(signature, text, finishReason)
    {
        _predictor = predictor;
        _context = context;
    }

    /// <summary>The signature whose output fields are to be read.</summary>
    /// <example><code>var names = reply.Signature.OutputFields.Select(f => f.Name);</code></example>
    public Signature Signature { get; }

    /// <summary>The reply text.</summary>
    /// <example><code>var text = reply.Text;</code></example>
    public string Text { get; }

    /// <summary>Why the LM stopped (<see cref="ChatFinishReason.Length"/>: cut off at max tokens), or null when the client did not say.</summary>
    /// <example><code>var truncated = reply.FinishReason == ChatFinishReason.Length;</code></example>
    public ChatFinishReason? FinishReason { get; }

    /// <summary>The name of the predictor whose call this reply answers, or null outside a predictor call.</summary>
    /// <example><code>var who = reply.Predictor; // "qa"</code></example>
    public string? Predictor => _predictor?.Name;

    /// <summary>
    /// Makes a follow-up LM call for this predictor call: <paramref name="inputs"/> formatted by <paramref name="adapter"/>
    /// for <paramref name="signature"/> (no demos), sent to <paramref name="client"/> with none of the main call's
    /// settings, parsed (with the adapter's fallback). Recorded in the history under the same predictor; not streamed.
    /// </summary>
    /// <param name="client">The LM to ask.</param>
    /// <param name="adapter">The adapter that formats the request and reads its reply.</param>
    /// <param name="signature">The follow-up's signature.</param>
    /// <param name="inputs">Its input values by field name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException">The reply was not handed out by a running predictor (see the public constructor).</exception>
    /// <exception cref="AdapterParseException">The follow-up's reply could not be read, through the adapter or its fallback.</exception>
    /// <example>
    /// <code>
    /// var fields = await reply.AskAsync(smallModel, ChatAdapter.Default, extractor,
    ///     new Dictionary&lt;string, object?&gt; { ["text"] = reply.Text }, cancellationToken);
    /// </code>
    /// </example>
    public ValueTask<Prediction> AskAsync(IChatClient client, IAdapter adapter, Signature signature, IReadOnlyDictionary<string, object?> inputs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(inputs);
        if (_predictor is null || _context is null)
            throw new InvalidOperationException(
                "AdapterReply.AskAsync makes an LM call on behalf of a running predictor, but this reply was created outside one (with its public " +
                "constructor). Run the adapter through a predictor (Predict.Create(...).RunAsync with LMSettings { Adapter = ... }) to test follow-up calls.");
        return LMInvoker.FollowUpAsync(_predictor, _context, client, adapter, signature, inputs, cancellationToken);
    }
}
