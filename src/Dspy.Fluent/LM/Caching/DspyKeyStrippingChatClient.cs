using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Sits between the cache and the client it wraps and removes every <c>dspy.*</c> request key, so the rollout id (part of
/// the cache key) and the other library keys never reach a provider. M.E.AI's caching base calls its inner client with
/// the options it was given, so the stripping has to happen one level down.
/// </summary>
internal sealed class DspyKeyStrippingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, DspyChatOptions.WithoutDspyKeys(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, DspyChatOptions.WithoutDspyKeys(options), cancellationToken);
}
