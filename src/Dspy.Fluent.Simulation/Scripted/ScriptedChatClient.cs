using System.Runtime.CompilerServices;
using System.Text;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A fake LM for unit tests, in DSPy's three modes: fixed replies in order, replies chosen by a prompt substring,
/// or "follow the demos" (answer with the demo whose inputs match). Replies given as field values are written in
/// the format the request asked for (<c>[[ ## field ## ]]</c> blocks, or JSON for the JSON adapter), so the real
/// parser reads them.
/// </summary>
/// <remarks>Corresponds to DSPy's <c>DummyLM</c>. Thread-safe once configured (set its properties before the first call); records every request in <see cref="Requests"/>.</remarks>
/// <example>
/// <code>
/// var lm = ScriptedChatClient.InOrder(new Dictionary&lt;string, object?&gt; { ["answer"] = "Paris" });
/// var answer = await Predict.Create("qa", "question -> answer").RunAsync(Example.Create("question", "Capital of France?"), new LMSettings { Client = lm });
/// </code>
/// </example>
public sealed class ScriptedChatClient : IChatClient
{
    private const string RespondMarker = "Respond with the corresponding output fields";

    private readonly Func<IReadOnlyList<ChatMessage>, ChatOptions?, int, string> _reply;
    private readonly object _gate = new();
    private readonly List<ScriptedRequest> _requests = [];

    private ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, int, string> reply) => _reply = reply;

    /// <summary>Runs before each reply is produced, e.g. to hold calls at a gate and count how many are in flight.</summary>
    public Func<IReadOnlyList<ChatMessage>, CancellationToken, Task>? BeforeReply { get; set; }

    /// <summary>The finish reason reported with every reply (e.g. <see cref="ChatFinishReason.Length"/> to simulate truncation).</summary>
    public ChatFinishReason FinishReason { get; set; } = ChatFinishReason.Stop;

    /// <summary>The model id reported.</summary>
    public string ModelId { get; set; } = "scripted";

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests { get { lock (_gate) return _requests.ToArray(); } }

    /// <summary>How many requests were received.</summary>
    public int CallCount { get { lock (_gate) return _requests.Count; } }

    /// <summary>Replies with each set of field values in turn; the last one repeats when they run out.</summary>
    /// <param name="replies">Output field values per reply.</param>
    public static ScriptedChatClient InOrder(params IReadOnlyDictionary<string, object?>[] replies) => InOrder((IEnumerable<IReadOnlyDictionary<string, object?>>)replies);

    /// <summary>Replies with each set of field values in turn; the last one repeats when they run out.</summary>
    /// <param name="replies">Output field values per reply.</param>
    public static ScriptedChatClient InOrder(IEnumerable<IReadOnlyDictionary<string, object?>> replies)
    {
        var list = replies.ToArray();
        if (list.Length == 0) throw new ArgumentException("Give at least one reply.", nameof(replies));
        return new((messages, options, index) => Render(list[Math.Min(index, list.Length - 1)], messages, options));
    }

    /// <summary>Replies with each raw text in turn (e.g. malformed replies for parser tests); the last repeats.</summary>
    /// <param name="replies">Raw reply texts.</param>
    public static ScriptedChatClient RawInOrder(params string[] replies) => RawInOrder((IEnumerable<string>)replies);

    /// <summary>Replies with each raw text in turn (e.g. malformed replies for parser tests); the last repeats.</summary>
    /// <param name="replies">Raw reply texts.</param>
    public static ScriptedChatClient RawInOrder(IEnumerable<string> replies)
    {
        var list = replies.ToArray();
        if (list.Length == 0) throw new ArgumentException("Give at least one reply.", nameof(replies));
        return new((_, _, index) => list[Math.Min(index, list.Length - 1)]);
    }

    /// <summary>Replies with the values of the first key found in the last user message (else anywhere in the prompt).</summary>
    /// <param name="replies">Prompt substring → output field values.</param>
    /// <exception cref="InvalidOperationException">At call time, when no key matches; the message shows the prompt's last message.</exception>
    public static ScriptedChatClient ByPrompt(IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        return new((messages, options, _) =>
        {
            var last = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
            var all = string.Join("\n", messages.Select(m => m.Text));
            foreach (var (key, value) in replies)
                if (last.Contains(key, StringComparison.Ordinal)) return Render(value, messages, options);
            foreach (var (key, value) in replies)
                if (all.Contains(key, StringComparison.Ordinal)) return Render(value, messages, options);
            throw new InvalidOperationException($"ScriptedChatClient.ByPrompt has no reply whose key appears in the prompt. Last message:\n{last}");
        });
    }

    /// <summary>Replies with field values computed from the request, e.g. echoing an input, for tests of many different inputs.</summary>
    /// <param name="reply">Computes output field values from the messages of a request.</param>
    public static ScriptedChatClient Answering(Func<IReadOnlyList<ChatMessage>, IReadOnlyDictionary<string, object?>> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new((messages, options, _) => Render(reply(messages), messages, options));
    }

    /// <summary>The text of the input field <paramref name="field"/> in the last user message of a request, or null.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="field">An input field name.</param>
    public static string? InputOf(IReadOnlyList<ChatMessage> messages, string field)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var header = $"[[ ## {field} ## ]]\n";
        var start = text.IndexOf(header, StringComparison.Ordinal);
        if (start < 0) return null;
        start += header.Length;
        var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>Answers with the assistant turn of the demo whose inputs equal the current inputs.</summary>
    /// <exception cref="InvalidOperationException">At call time, when no demo matches.</exception>
    public static ScriptedChatClient FollowDemos() => new((messages, _, _) =>
    {
        var current = InputsOf(messages[^1].Text);
        for (var i = 1; i + 1 < messages.Count - 1; i += 2)
        {
            if (messages[i].Role == ChatRole.User && messages[i + 1].Role == ChatRole.Assistant && InputsOf(messages[i].Text) == current)
                return messages[i + 1].Text;
        }
        throw new InvalidOperationException($"ScriptedChatClient.FollowDemos found no demo with these inputs:\n{current}");
    });

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        int index;
        lock (_gate)
        {
            index = _requests.Count;
            _requests.Add(new ScriptedRequest(list, options?.Clone()));
        }
        if (BeforeReply is { } hook) await hook(list, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var text = _reply(list, options, index);
        var inputTokens = list.Sum(m => TokenEstimate(m.Text));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = options?.ModelId ?? ModelId,
            FinishReason = FinishReason,
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = TokenEstimate(text), TotalTokenCount = inputTokens + TokenEstimate(text) },
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    private static readonly LMStandIn StandInDescription = new("scripted replies, not a language model");

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata("scripted", null, ModelId);
        if (serviceType == typeof(LMStandIn)) return StandInDescription;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() { }

    internal static int TokenEstimate(string text) => (text.Length + 3) / 4;

    /// <summary>The current input blocks of a user message, without the demo prefix or the closing format reminder.</summary>
    private static string InputsOf(string userMessage)
    {
        var text = userMessage;
        if (text.StartsWith(ChatAdapter.IncompleteDemoPrefix, StringComparison.Ordinal)) text = text[ChatAdapter.IncompleteDemoPrefix.Length..];
        var respond = text.IndexOf(RespondMarker, StringComparison.Ordinal);
        if (respond < 0) respond = text.IndexOf("Respond with a JSON object", StringComparison.Ordinal);
        if (respond >= 0) text = text[..respond];
        return text.Trim();
    }

    /// <summary>Writes field values as the request expects: JSON for a JSON response format, else header blocks in the requested order.</summary>
    private static string Render(IReadOnlyDictionary<string, object?> fields, IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (options?.ResponseFormat is ChatResponseFormatJson)
            return PythonJson.Serialize(fields, indent: 2);
        var order = RequestedFields(messages[^1].Text);
        var names = order.Where(fields.ContainsKey).Concat(fields.Keys.Where(k => !order.Contains(k)));
        var sb = new StringBuilder();
        foreach (var name in names)
        {
            var value = fields[name];
            sb.Append("[[ ## ").Append(name).Append(" ## ]]\n")
              .Append(value is string s ? s : ValueConverter.To(value, typeof(string))).Append("\n\n");
        }
        return sb.Append("[[ ## completed ## ]]").ToString();
    }

    private static List<string> RequestedFields(string lastMessage)
    {
        var names = new List<string>();
        var at = lastMessage.IndexOf(RespondMarker, StringComparison.Ordinal);
        if (at < 0) return names;
        var rest = lastMessage[at..];
        for (var i = rest.IndexOf("`[[ ## ", StringComparison.Ordinal); i >= 0; i = rest.IndexOf("`[[ ## ", i + 1, StringComparison.Ordinal))
        {
            var end = rest.IndexOf(" ## ]]`", i, StringComparison.Ordinal);
            if (end < 0) break;
            var name = rest[(i + 7)..end];
            if (name != "completed") names.Add(name);
        }
        return names;
    }
}
