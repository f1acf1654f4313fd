using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Loopback;

/// <summary>The console server's default backend: replies with the text of the last user message, unchanged.</summary>
internal sealed class EchoChatClient : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new("echo", null, "echo");

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var text = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var input = list.Sum(m => Estimate(m.Text));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = options?.ModelId ?? "echo",
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = Estimate(text), TotalTokenCount = input + Estimate(text) },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }

    /// <summary>About four characters per token, as tokenizers average on English text.</summary>
    private static int Estimate(string text) => (text.Length + 3) / 4;
}
