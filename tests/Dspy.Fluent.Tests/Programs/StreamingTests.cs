using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class StreamingTests
{
    private const string Reasoning = "Mars has two small moons & both \"were\" found in 1877 é 🌕.\nNo others.";

    /// <summary>The same answer in each built-in adapter's reply format, with what each must decode on the way:
    /// XML entities, JSON escapes (a \u escape, a surrogate pair written as two escapes).</summary>
    public static TheoryData<string> Adapters => new() { "chat", "xml", "json" };

    private static (IAdapter Adapter, string Reply) ReplyFor(string adapter) => adapter switch
    {
        "chat" => (ChatAdapter.Default, $"[[ ## reasoning ## ]]\n{Reasoning}\n\n[[ ## answer ## ]]\n2\n\n[[ ## completed ## ]]"),
        "xml" => (XmlAdapter.Default, "<reasoning>\nMars has two small moons &amp; both &quot;were&quot; found in 1877 &#233; &#x1F315;.\nNo others.\n</reasoning>\n\n<answer>\n2\n</answer>"),
        "json" => (JsonAdapter.Default, "```json\n{\"reasoning\": \"Mars has two small moons & both \\\"were\\\" found in 1877 \\u00e9 \\ud83c\\udf15.\\nNo others.\", \"answer\": 2}\n```"),
        _ => throw new ArgumentOutOfRangeException(nameof(adapter)),
    };

    /// <summary>Streams a reply in two parts and holds the second until the test has seen the first field's text.</summary>
    private sealed class GatedStreamingClient(string reply) : IChatClient
    {
        public TaskCompletionSource FirstFieldSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var split = reply.IndexOf("found", StringComparison.Ordinal);
            yield return new ChatResponseUpdate(ChatRole.Assistant, reply[..split]);
            // Guard, not timing: if updates did not reach the consumer before the reply finished, this fails instead of hanging.
            await FirstFieldSeen.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, reply[split..]);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }

    private static readonly Predictor<Example, Prediction> Qa = Predict.ChainOfThought("qa", "question -> answer: int");

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Field_text_arrives_before_the_reply_completes_and_the_output_equals_the_non_streaming_one(string name)
    {
        var (adapter, reply) = ReplyFor(name);
        var lm = new GatedStreamingClient(reply);
        var settings = new LMSettings { Client = lm, Adapter = adapter };
        var input = Example.Create("question", "How many moons has Mars?");
        var program = Qa.Select(p => (Answer: p.Get<int>("answer"), Reasoning: p.GetText("reasoning")));

        var updates = new List<StreamUpdate<(int Answer, string Reasoning)>>();
        await foreach (var update in program.StreamAsync(input, settings, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
            if (update.Field == "reasoning" && update.Delta.Length > 0) lm.FirstFieldSeen.TrySetResult();
        }
        var plain = await program.RunAsync(input, settings, TestContext.Current.CancellationToken);

        Assert.Equal(Reasoning, string.Concat(updates.Where(u => u.Field == "reasoning" && !u.FieldCompleted).Select(u => u.Delta)));
        Assert.Equal(2L, updates.Single(u => u.Field == "answer" && u.FieldCompleted).Value);
        Assert.Equal((2, Reasoning), plain);
        Assert.True(updates[^1].IsFinal);
        Assert.Equal(plain, updates[^1].Output);
        Assert.All(updates.Where(u => !u.IsFinal), u => Assert.Equal("qa", u.Predictor));
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public void The_stream_reader_gives_the_same_field_text_however_the_reply_is_split(string name)
    {
        var (adapter, reply) = ReplyFor(name);
        var signature = Qa.Signature;
        for (var size = 1; size <= reply.Length; size++)
        {
            var reader = adapter.CreateStreamReader(signature) ?? throw new InvalidOperationException($"{adapter.Name} has no stream reader");
            var text = new Dictionary<string, string> { ["reasoning"] = "", ["answer"] = "" };
            for (var i = 0; i < reply.Length; i += size)
                foreach (var chunk in reader.Read(reply[i..Math.Min(reply.Length, i + size)]))
                    text[chunk.Field] += chunk.Text;
            foreach (var chunk in reader.Complete())
                text[chunk.Field] += chunk.Text;

            Assert.True(Reasoning == text["reasoning"], $"{adapter.Name}, chunks of {size}: reasoning was <{text["reasoning"]}>");
            Assert.True(text["answer"] == "2", $"{adapter.Name}, chunks of {size}: answer was <{text["answer"]}>");
        }
    }

    [Fact]
    public void A_chunk_never_ends_inside_a_surrogate_pair()
    {
        const string reply = "{\"reasoning\": \"🌕\\ud83c\\udf15\", \"answer\": 1}";
        for (var size = 1; size <= reply.Length; size++)
        {
            var reader = JsonAdapter.Default.CreateStreamReader(Qa.Signature)!;
            var chunks = new List<FieldChunk>();
            for (var i = 0; i < reply.Length; i += size)
                chunks.AddRange(reader.Read(reply[i..Math.Min(reply.Length, i + size)]));
            chunks.AddRange(reader.Complete());
            Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Text[^1]), $"chunks of {size}: a chunk ended with half a surrogate pair"));
            Assert.Equal("🌕🌕", string.Concat(chunks.Where(c => c.Field == "reasoning").Select(c => c.Text)));
        }
    }

    [Fact]
    public void Keys_that_are_not_output_fields_and_text_outside_the_fields_stream_nowhere()
    {
        var json = JsonAdapter.Default.CreateStreamReader(Qa.Signature)!;
        var jsonChunks = json.Read("{\"note\": \"skip me\", \"extra\": [1, {\"a\": \"}\"}], \"answer\": 3}").Concat(json.Complete()).ToList();
        Assert.Equal([new FieldChunk("answer", "3")], jsonChunks);

        var xml = XmlAdapter.Default.CreateStreamReader(Qa.Signature)!;
        var xmlChunks = xml.Read("Sure.\n<note><answer>not this</answer></note>\n<answer>\n3\n</answer> bye").Concat(xml.Complete()).ToList();
        Assert.Equal([new FieldChunk("answer", "3")], xmlChunks);
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
