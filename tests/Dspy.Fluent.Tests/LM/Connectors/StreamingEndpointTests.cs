using System.Runtime.CompilerServices;
using System.Text;
using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>Streaming over the loopback server: OpenAI server-sent events and Ollama NDJSON arrive piece by piece through the connectors.</summary>
public sealed class StreamingEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Schemes() => new() { "openai", "ollama" };

    private static IChatClient Connect(string scheme, LoopbackServer server) =>
        LMSpec.Connect(scheme == "openai" ? LoopbackSpecs.OpenAI(server) : LoopbackSpecs.Ollama(server), LoopbackSpecs.NoKey);

    [Theory(Timeout = 30_000)] // a transport that buffered would wait on the gate forever
    [MemberData(nameof(Schemes))]
    public async Task The_first_piece_arrives_before_the_backend_has_finished_the_reply(string scheme)
    {
        var ct = TestContext.Current.CancellationToken;
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(new TwoPieceChatClient("Hel", "lo!", rest.Task), cancellationToken: ct);
        using var lm = Connect(scheme, server);

        var text = new StringBuilder();
        string? firstPiece = null;
        await foreach (var update in lm.GetStreamingResponseAsync("hi", null, ct))
        {
            if (update.Text.Length == 0) continue;
            if (firstPiece is null)
            {
                firstPiece = update.Text;
                rest.SetResult(); // the backend only finishes once the client has seen the first piece
            }
            text.Append(update.Text);
        }

        Assert.Equal("Hel", firstPiece);
        Assert.Equal("Hello!", text.ToString());
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_one_piece_backend_reply_is_re_cut_into_chunks_that_add_up_to_it(string scheme)
    {
        const string reply = "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]";
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder(reply), new LoopbackServerOptions { StreamChunkCharacters = 4 }, Ct);
        using var lm = Connect(scheme, server);

        var pieces = new List<string>();
        ChatFinishReason? finish = null;
        await foreach (var update in lm.GetStreamingResponseAsync("hi", null, Ct))
        {
            if (update.Text.Length > 0) pieces.Add(update.Text);
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal((reply.Length + 3) / 4, pieces.Count);
        Assert.Equal(reply, string.Concat(pieces));
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task The_OpenAI_stream_reports_usage_when_the_client_asks_for_it()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("Paris"), cancellationToken: Ct);
        using var lm = Connect("openai", server);

        var usage = new List<UsageDetails>();
        await foreach (var update in lm.GetStreamingResponseAsync("hi", null, Ct))
            usage.AddRange(update.Contents.OfType<UsageContent>().Select(u => u.Details));

        Assert.True(Assert.Single(usage).OutputTokenCount > 0);
        Assert.Contains("\"include_usage\":true", server.RequestBodies.Single(), StringComparison.Ordinal);
    }

    /// <summary>Streams a first piece, then waits for a gate before the second: proves the transport does not buffer.</summary>
    private sealed class TwoPieceChatClient(string first, string second, Task gate) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, first + second)));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, first);
            await gate.WaitAsync(cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, second) { FinishReason = ChatFinishReason.Stop };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
