using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// An adapter written outside the library goes through the same seam as the built-in ones: its own stream reader,
/// its own reply reading, and the fallback — with no type checks of ours in the way.
/// </summary>
public sealed class ThirdPartyAdapterTests
{
    /// <summary>Replies are lines of <c>field|value</c>; a value may continue on lines without a bar.</summary>
    private sealed class PipeAdapter(bool streams = true) : IAdapter
    {
        public string Name => "PipeAdapter";

        public IAdapter? Fallback => JsonAdapter.Default;

        public IReadOnlyList<ChatMessage> Format(Signature signature, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, object?> inputs) =>
        [
            new(ChatRole.System, $"Answer with lines 'field|value' for: {string.Join(", ", signature.OutputFields.Select(f => f.Name))}."),
            new(ChatRole.User, string.Join("\n", signature.InputFields.Select(f => $"{f.Name}|{inputs[f.Name]}"))),
        ];

        public ChatOptions ConfigureOptions(Signature signature, ChatOptions options) => options;

        public Prediction Parse(Signature signature, string reply)
        {
            var values = reply.Split('\n').Select(l => l.Split('|', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => (object?)p[1]);
            var missing = signature.OutputFields.Where(f => !values.ContainsKey(f.Name)).Select(f => f.Name).ToList();
            if (missing.Count > 0)
                throw new AdapterParseException(Name, signature, reply, values.Keys.ToList(), ParseFailure.MissingFields, $"no 'field|value' line for {string.Join(", ", missing)}");
            return new Prediction(signature.OutputFields.Select(f => new KeyValuePair<string, object?>(f.Name, values[f.Name])));
        }

        public string FormatReply(Signature signature, IReadOnlyDictionary<string, object?> outputs) =>
            string.Join("\n", signature.OutputFields.Select(f => $"{f.Name}|{outputs[f.Name]}"));

        public IFieldStreamReader? CreateStreamReader(Signature signature) => streams ? new PipeReader() : null;

        /// <summary>Hands out everything after the bar, as it arrives.</summary>
        private sealed class PipeReader : IFieldStreamReader
        {
            private string _line = "";
            private string? _field;

            public IReadOnlyList<FieldChunk> Read(string text)
            {
                var chunks = new List<FieldChunk>();
                foreach (var c in text)
                {
                    if (c == '\n') { _line = ""; _field = null; continue; }
                    if (_field is not null) { chunks.Add(new FieldChunk(_field, c.ToString())); continue; }
                    if (c == '|') { _field = _line; continue; }
                    _line += c;
                }
                return chunks;
            }

            public IReadOnlyList<FieldChunk> Complete() => [];
        }
    }

    /// <summary>Counts how it was called, and streams its replies a few characters at a time.</summary>
    private sealed class CountingClient(params string[] replies) : IChatClient
    {
        private int _next;

        public int Plain { get; private set; }

        public int Streamed { get; private set; }

        private string Next() => replies[Math.Min(_next++, replies.Length - 1)];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Plain++;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Next())));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Streamed++;
            var reply = Next();
            for (var i = 0; i < reply.Length; i += 3)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, reply[i..Math.Min(reply.Length, i + 3)]);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }

    private static readonly Predictor<Example, Prediction> Capital = Predict.Create("capital", "country -> capital, note");

    private static async Task<List<StreamUpdate<Prediction>>> StreamAsync(LMSettings settings)
    {
        var updates = new List<StreamUpdate<Prediction>>();
        await foreach (var update in Capital.StreamAsync(Example.Create("country", "France"), settings, TestContext.Current.CancellationToken))
            updates.Add(update);
        return updates;
    }

    [Fact]
    public async Task A_third_party_adapter_streams_through_its_own_reader()
    {
        var lm = new CountingClient("capital|Paris\nnote|on the Seine");
        var updates = await StreamAsync(new LMSettings { Client = lm, Adapter = new PipeAdapter() });

        Assert.Equal((0, 1), (lm.Plain, lm.Streamed));
        Assert.Equal("Paris", string.Concat(updates.Where(u => u.Field == "capital" && !u.FieldCompleted).Select(u => u.Delta)));
        Assert.Equal("on the Seine", string.Concat(updates.Where(u => u.Field == "note" && !u.FieldCompleted).Select(u => u.Delta)));
        Assert.Equal(["capital", "note"], updates.Where(u => u.FieldCompleted).Select(u => u.Field));
        Assert.Equal("Paris", updates[^1].Output!.GetText("capital"));
    }

    [Fact]
    public async Task An_unreadable_reply_falls_back_once_to_the_adapters_fallback()
    {
        var lm = new CountingClient("Paris, I think", "{\"capital\": \"Paris\", \"note\": \"by JSON\"}");
        var history = new LMHistory();
        var prediction = await Capital.RunAsync(Example.Create("country", "France"), new LMSettings { Client = lm, Adapter = new PipeAdapter(), History = history },
            TestContext.Current.CancellationToken);

        Assert.Equal("by JSON", prediction.GetText("note"));
        Assert.Equal(["PipeAdapter", "JsonAdapter"], history.Calls.Select(c => c.Adapter));
    }

    [Fact]
    public async Task When_the_fallback_fails_too_the_error_keeps_the_first_adapters_reason()
    {
        var lm = new CountingClient("Paris, I think");
        var error = await Assert.ThrowsAsync<AdapterParseException>(() =>
            Capital.RunAsync(Example.Create("country", "France"), new LMSettings { Client = lm, Adapter = new PipeAdapter() }, TestContext.Current.CancellationToken));

        Assert.Equal(["PipeAdapter", "JsonAdapter"], error.Attempts.Select(a => a.Adapter));
        Assert.Contains("no 'field|value' line for capital, note", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_adapter_without_a_stream_reader_is_called_once_and_streams_each_field_when_parsed()
    {
        var lm = new CountingClient("capital|Paris\nnote|on the Seine");
        var updates = await StreamAsync(new LMSettings { Client = lm, Adapter = new PipeAdapter(streams: false) });

        Assert.Equal((1, 0), (lm.Plain, lm.Streamed));
        Assert.DoesNotContain(updates, u => u.Delta.Length > 0);
        Assert.Equal([("capital", "Paris"), ("note", "on the Seine")],
            updates.Where(u => u.FieldCompleted).Select(u => (u.Field!, (string)u.Value!)));
    }

    [Fact]
    public async Task Two_step_extraction_in_a_streaming_run_completes_each_field_once()
    {
        var main = new CountingClient("The capital is Paris, on the Seine.");
        var extractor = new CountingClient("[[ ## capital ## ]]\nParis\n\n[[ ## note ## ]]\non the Seine\n\n[[ ## completed ## ]]");
        var history = new LMHistory();
        var updates = await StreamAsync(new LMSettings { Client = main, Adapter = new TwoStepAdapter(extractor), History = history });

        Assert.Equal(["capital", "note"], updates.Where(u => u.FieldCompleted).Select(u => u.Field));
        Assert.DoesNotContain(updates, u => u.Delta.Length > 0);
        Assert.Equal((1, 0, 1, 0), (main.Plain, main.Streamed, extractor.Plain, extractor.Streamed));
        Assert.Equal(["TwoStepAdapter", "ChatAdapter"], history.Calls.Select(c => c.Adapter));
        Assert.All(history.Calls, c => Assert.Equal("capital", c.Predictor));
    }

    [Fact]
    public async Task A_follow_up_call_needs_a_reply_from_a_running_predictor()
    {
        var reply = new AdapterReply(Capital.Signature, "anything");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            reply.AskAsync(new CountingClient("x"), ChatAdapter.Default, Capital.Signature, new Dictionary<string, object?> { ["country"] = "France" },
                TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("created outside one", error.Message, StringComparison.Ordinal);
        Assert.Null(reply.Predictor);
    }
}
