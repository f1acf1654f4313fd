using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Answers every request with one given response — whatever contents it holds (reasoning, function calls), which a
/// scripted text reply cannot — and keeps each request's messages and options.
/// </summary>
internal sealed class FixedResponseClient(ChatResponse response) : IChatClient
{
    public FixedResponseClient(params AIContent[] contents) : this(new ChatResponse(new ChatMessage(ChatRole.Assistant, [.. contents]))) { }

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    /// <summary>The last request's messages.</summary>
    public IReadOnlyList<ChatMessage>? Messages => Requests.Count == 0 ? null : Requests[^1].Messages;

    /// <summary>The last request's options.</summary>
    public ChatOptions? Options => Requests.Count == 0 ? null : Requests[^1].Options;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(([.. messages], options));
        return Task.FromResult(response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The test does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }
}
