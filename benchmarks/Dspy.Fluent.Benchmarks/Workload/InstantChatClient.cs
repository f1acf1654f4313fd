using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// An in-process LM that answers at once with a well-formed reply (<see cref="CapitalsResponder"/>): the analogue of
/// DSPy's <c>InstantLM</c>, LMP's fake client and Ax's <c>AxMockAIService</c> in their overhead benchmarks, so what is
/// measured around it is the framework. It also backs the loopback server in the end-to-end runs.
/// </summary>
internal sealed class InstantChatClient : IChatClient
{
    private int _calls;

    /// <summary>Requests answered so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var text = CapitalsResponder.Reply(list, options);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = options?.ModelId ?? "instant",
            FinishReason = ChatFinishReason.Stop,
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("instant", null, "instant")
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
