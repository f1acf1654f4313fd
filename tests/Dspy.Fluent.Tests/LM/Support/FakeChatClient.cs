using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// A counting fake LM for middleware tests: each call runs the given behaviour with its 0-based index (which may throw to
/// simulate provider failures), records the options it received, and announces itself on <see cref="Started"/>.
/// </summary>
internal sealed class FakeChatClient(Func<int, ChatOptions?, CancellationToken, Task<ChatResponse>> behaviour) : IChatClient
{
    private readonly Channel<int> _started = Channel.CreateUnbounded<int>();
    private readonly object _gate = new();
    private readonly List<ChatOptions?> _options = [];
    private int _calls;

    public string? ModelId { get; init; } = "fake-model";

    public int Calls => Volatile.Read(ref _calls);

    public ChannelReader<int> Started => _started.Reader;

    public IReadOnlyList<ChatOptions?> ReceivedOptions { get { lock (_gate) return _options.ToArray(); } }

    public static ChatResponse Reply(string text, int inputTokens = 10, int outputTokens = 5, string? model = "fake-model") =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = model,
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
        };

    /// <summary>Answers every call with "reply N" (N = call index), so fresh calls are distinguishable from cached ones.</summary>
    public static FakeChatClient Counting() => new((i, _, _) => Task.FromResult(Reply($"reply {i}")));

    /// <summary>Throws each failure in turn, then answers "ok" forever.</summary>
    public static FakeChatClient FailingThen(params Exception[] failures) =>
        new((i, _, _) => i < failures.Length ? Task.FromException<ChatResponse>(failures[i]) : Task.FromResult(Reply("ok")));

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        int index;
        lock (_gate)
        {
            index = _calls;
            _options.Add(options?.Clone());
            Interlocked.Increment(ref _calls);
        }
        _started.Writer.TryWrite(index);
        return await behaviour(index, options, cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null :
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("fake", null, ModelId) :
        serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
