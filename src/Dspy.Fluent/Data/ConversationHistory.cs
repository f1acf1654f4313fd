using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// The earlier turns of a conversation, for an input field of this type: each message holds a turn's field values
/// (the signature's inputs and outputs by name), and the adapter replays them as user/assistant turns before the
/// current request, as DSPy does with <c>dspy.History</c>.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.History</c> (named so here because <see cref="LMHistory"/> is the LM call log). A signature
/// spells the type <c>History</c> or <c>dspy.History</c> (<c>question, history: History -&gt; answer</c>); a typed signature
/// uses a property of this type. The system message lists the field like DSPy (<c>2. `history` (History):</c>); the
/// turns leave it out.</para>
/// <para>Immutable; <see cref="Append"/> returns a new history.</para>
/// </remarks>
/// <example>
/// <code>
/// var chat = Predict.Create("chat", "question, history: History -> answer");
/// var history = ConversationHistory.Empty;
/// var first = await chat.RunAsync(Example.Create("question", "Capital of France?").With("history", history));
/// history = history.Append(Example.Create("question", "Capital of France?"), first);
/// var second = await chat.RunAsync(Example.Create("question", "And its population?").With("history", history));
/// </code>
/// </example>
public sealed class ConversationHistory : IEquatable<ConversationHistory>
{
    /// <summary>Creates a history from its messages, oldest first.</summary>
    /// <param name="messages">Each turn's field values by name.</param>
    /// <example>
    /// <code>
    /// var history = new ConversationHistory([new Dictionary&lt;string, object?&gt; { ["question"] = "Capital of France?", ["answer"] = "Paris" }]);
    /// </code>
    /// </example>
    public ConversationHistory(IEnumerable<IReadOnlyDictionary<string, object?>> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var copied = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var message in messages)
        {
            if (message is null) throw new ArgumentException($"Message {copied.Count} of the conversation history is null; give each turn's field values.", nameof(messages));
            copied.Add(new Dictionary<string, object?>(message, StringComparer.Ordinal));
        }
        Messages = copied;
    }

    /// <summary>
    /// The history <paramref name="value"/> is: itself, or the JSON a saved state, a devset file or a report holds for it
    /// (<c>{"messages": [{…}, …]}</c>, as DSPy's <c>dump_state</c> writes it too); null for anything else.
    /// </summary>
    internal static ConversationHistory? FromValue(object? value)
    {
        if (value is ConversationHistory history) return history;
        if (value is not JsonElement { ValueKind: JsonValueKind.Object } json || !json.TryGetProperty("messages", out var messages) ||
            messages.ValueKind != JsonValueKind.Array || messages.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.Object))
            return null;
        return new ConversationHistory(messages.EnumerateArray().Select(m =>
            (IReadOnlyDictionary<string, object?>)m.EnumerateObject().ToDictionary(p => p.Name, p => JsonFieldValue.Read(p.Value), StringComparer.Ordinal)));
    }

    /// <summary>A history with no messages.</summary>
    public static ConversationHistory Empty { get; } = new([]);

    /// <summary>The turns, oldest first: each one's field values by name.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Messages { get; }

    /// <summary>This history with one more turn: <paramref name="inputs"/>' values and then <paramref name="outputs"/>' (DSPy's <c>{"question": q, **outputs}</c>).</summary>
    /// <param name="inputs">The turn's inputs (a history value among them is left out).</param>
    /// <param name="outputs">What the program answered.</param>
    /// <example><code>history = history.Append(Example.Create("question", q), prediction);</code></example>
    public ConversationHistory Append(IReadOnlyDictionary<string, object?> inputs, IReadOnlyDictionary<string, object?> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var message = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in inputs)
            if (value is not ConversationHistory) message[key] = value;
        foreach (var (key, value) in outputs) message[key] = value;
        return new ConversationHistory([.. Messages, message]);
    }

    /// <inheritdoc />
    public bool Equals(ConversationHistory? other) =>
        other is not null && Messages.Count == other.Messages.Count &&
        Messages.Zip(other.Messages).All(p => p.First.Count == p.Second.Count &&
            p.First.All(kv => p.Second.TryGetValue(kv.Key, out var v) && Equals(kv.Value, v)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConversationHistory);

    /// <inheritdoc />
    public override int GetHashCode() => Messages.Count;

    /// <summary>How many turns, for debugging.</summary>
    public override string ToString() => $"History({Messages.Count} message{(Messages.Count == 1 ? "" : "s")})";
}
