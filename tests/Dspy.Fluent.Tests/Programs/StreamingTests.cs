using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class StreamingTests
{
    private const string Reply = "[[ ## reasoning ## ]]\nMars has two small moons.\nBoth were found in 1877.\n\n[[ ## answer ## ]]\n2\n\n[[ ## completed ## ]]";

    /// <summary>Streams <see cref="Reply"/> in two parts and holds the second until the test has seen the first field's text.</summary>
    private sealed class GatedStreamingClient : IChatClient
    {
        public TaskCompletionSource FirstFieldSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Reply)));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var split = Reply.IndexOf("found", StringComparison.Ordinal);
            yield return new ChatResponseUpdate(ChatRole.Assistant, Reply[..split]);
            // Guard, not timing: if updates did not reach the consumer before the reply finished, this fails instead of hanging.
            await FirstFieldSeen.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, Reply[split..]);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }

    private static readonly Predictor<Example, Prediction> Qa = Predict.ChainOfThought("qa", "question -> answer: int");

    [Fact]
    public async Task Field_text_arrives_before_the_reply_completes_and_the_output_equals_the_non_streaming_one()
    {
        var lm = new GatedStreamingClient();
        var settings = new LMSettings { Client = lm };
        var input = Example.Create("question", "How many moons has Mars?");
        var program = Qa.Select(p => p.Get<int>("answer"));

        var updates = new List<StreamUpdate<int>>();
        await foreach (var update in program.StreamAsync(input, settings, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
            if (update.Field == "reasoning" && update.Delta.Length > 0) lm.FirstFieldSeen.TrySetResult();
        }
        var plain = await program.RunAsync(input, settings, TestContext.Current.CancellationToken);

        Assert.Equal("Mars has two small moons.\nBoth were found in 1877.",
            string.Concat(updates.Where(u => u.Field == "reasoning" && !u.FieldCompleted).Select(u => u.Delta)).Trim());
        Assert.Equal(2L, updates.Single(u => u.Field == "answer" && u.FieldCompleted).Value);
        Assert.True(updates[^1].IsFinal);
        Assert.Equal(plain, updates[^1].Output);
        Assert.All(updates.Where(u => !u.IsFinal), u => Assert.Equal("qa", u.Predictor));
    }

    [Fact]
    public void The_incremental_parser_gives_the_same_field_text_however_the_reply_is_split()
    {
        for (var size = 1; size <= Reply.Length; size++)
        {
            var parser = new StreamingFieldParser(["reasoning", "answer"]);
            var text = new Dictionary<string, string> { ["reasoning"] = "", ["answer"] = "" };
            for (var i = 0; i < Reply.Length; i += size)
                foreach (var (chunk, _) in parser.Feed(Reply[i..Math.Min(Reply.Length, i + size)]))
                    if (chunk is { } c) text[c.Field] += c.Text;
            foreach (var (chunk, _) in parser.Complete())
                if (chunk is { } c) text[c.Field] += c.Text;

            Assert.Equal("Mars has two small moons.\nBoth were found in 1877.", text["reasoning"].Trim());
            Assert.Equal("2", text["answer"].Trim());
        }
    }

    [Fact]
    public async Task A_failing_stream_surfaces_the_error_to_the_consumer()
    {
        var lm = ScriptedChatClient.RawInOrder("no fields at all", "still none");

        await Assert.ThrowsAsync<AdapterParseException>(async () =>
        {
            await foreach (var _ in Qa.StreamAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken)) { }
        });
    }
}
