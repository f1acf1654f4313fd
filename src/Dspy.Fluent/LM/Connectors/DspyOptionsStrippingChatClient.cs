using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Removes every <c>dspy.*</c> key (e.g. <see cref="DspyChatOptions.RolloutIdKey"/>) from
/// <see cref="ChatOptions.AdditionalProperties"/> before a request reaches the provider client it wraps.
/// </summary>
/// <remarks>
/// The rollout id and other <c>dspy.*</c> keys are for this library's middleware (cache keys, the simulated LM);
/// a provider must never see them. Some provider clients copy unknown additional properties into the request
/// body, so every built-in connector puts this client directly around the provider client (innermost). The
/// caller's <see cref="ChatOptions"/> is cloned, never changed.
/// </remarks>
/// <example>
/// <code>
/// IChatClient client = new ChatClientBuilder(providerClient).UseDspyOptionsStripping().Build();
/// </code>
/// </example>
public sealed class DspyOptionsStrippingChatClient : DelegatingChatClient
{
    /// <summary>The prefix of the keys that are removed: <c>dspy.</c>.</summary>
    public const string KeyPrefix = "dspy.";

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The provider client.</param>
    public DspyOptionsStrippingChatClient(IChatClient innerClient) : base(innerClient) { }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Strip(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Strip(options), cancellationToken);

    /// <summary>The options without <c>dspy.*</c> keys: the same instance when there are none, else a clone.</summary>
    internal static ChatOptions? Strip(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { Count: > 0 } properties || !properties.Keys.Any(IsDspyKey)) return options;
        var clone = options.Clone();
        var kept = new AdditionalPropertiesDictionary();
        foreach (var (key, value) in properties)
            if (!IsDspyKey(key)) kept[key] = value;
        clone.AdditionalProperties = kept.Count == 0 ? null : kept;
        return clone;
    }

    private static bool IsDspyKey(string key) => key.StartsWith(KeyPrefix, StringComparison.OrdinalIgnoreCase);
}
