using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Continuous batching and prefix reuse in the <c>gguf:PATH</c> connector, on the tiny random-weight model. Overlap is
/// observed through the batch's own counter, with admission held until every request is queued, never through timing.
/// The text is noise: the tests compare replies with each other and count tokens, and never look at the words.
/// </summary>
public sealed class GgufBatchingTests : IClassFixture<GgufBatchingTests.Models>
{
    private readonly Models _models;

    public GgufBatchingTests(Models models) => _models = models;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Instructions =
        "Given the fields `question`, produce the fields `reasoning`, `answer`. Answer questions with short factoid answers. " +
        "Follow the format of the examples exactly and think step by step before answering.";

    private static ChatMessage[] Ask(int question, string instructions = Instructions) =>
    [
        new(ChatRole.System, instructions),
        new(ChatRole.User, $"[[ ## question ## ]]\nWhat is the capital of country number {question}?"),
    ];

    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 12 };

    [Fact]
    public async Task Eight_concurrent_greedy_requests_run_in_one_batch_and_each_gives_the_tokens_it_gives_alone()
    {
        var alone = new List<ChatResponse>();
        for (var q = 0; q < 8; q++) alone.Add(await _models.Serial.GetResponseAsync(Ask(q), Greedy, Ct));

        Task<ChatResponse>[] pending;
        using (_models.Batch(_models.Batched).HoldAdmission())
            pending = [.. Enumerable.Range(0, 8).Select(q => _models.Batched.GetResponseAsync(Ask(q), Greedy, Ct))];
        var together = await Task.WhenAll(pending);

        Assert.Equal(8, _models.Batch(_models.Batched).MaxInFlight);
        Assert.Equal(alone.Select(r => r.Text), together.Select(r => r.Text));
        Assert.Equal(alone.Select(r => r.Usage!.OutputTokenCount), together.Select(r => r.Usage!.OutputTokenCount));
    }

    [Fact]
    public async Task Requests_in_one_batch_keep_their_own_token_caps_and_stop_sequences()
    {
        var solo = await _models.Serial.GetResponseAsync(Ask(3), Greedy, Ct);
        var stop = solo.Text.Substring(solo.Text.Length / 2, 1);
        var expected = solo.Text[..solo.Text.IndexOf(stop, StringComparison.Ordinal)];

        Task<ChatResponse>[] pending;
        using (_models.Batch(_models.Batched).HoldAdmission())
        {
            pending =
            [
                _models.Batched.GetResponseAsync(Ask(3), new ChatOptions { Temperature = 0, MaxOutputTokens = 2 }, Ct),
                _models.Batched.GetResponseAsync(Ask(3), new ChatOptions { Temperature = 0, MaxOutputTokens = 7 }, Ct),
                _models.Batched.GetResponseAsync(Ask(3), new ChatOptions { Temperature = 0, MaxOutputTokens = 12, StopSequences = [stop] }, Ct),
            ];
        }
        var replies = await Task.WhenAll(pending);

        Assert.True(solo.Usage!.OutputTokenCount > 7, "the greedy reply of the tiny model should run past 7 tokens");
        Assert.Equal([2, 7], replies[..2].Select(r => (int)r.Usage!.OutputTokenCount!.Value));
        Assert.All(replies[..2], r => Assert.Equal(ChatFinishReason.Length, r.FinishReason));
        Assert.Equal(expected, replies[2].Text);
        Assert.Equal(ChatFinishReason.Stop, replies[2].FinishReason);
    }

    [Fact]
    public async Task Cancelling_one_streaming_request_leaves_the_others_in_its_batch_running()
    {
        var alone = await _models.Serial.GetResponseAsync(Ask(5), Greedy, Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        Task<ChatResponse>[] others;
        Task victim;
        using (_models.Batch(_models.Batched).HoldAdmission())
        {
            others = [.. Enumerable.Range(0, 3).Select(_ => _models.Batched.GetResponseAsync(Ask(5), Greedy, Ct))];
            victim = ReadThenCancelAsync(_models.Batched.GetStreamingResponseAsync(Ask(6), new ChatOptions { Temperature = 0, MaxOutputTokens = 200 }, cancel.Token), cancel);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim);
        var replies = await Task.WhenAll(others);
        Assert.All(replies, r => Assert.Equal(alone.Text, r.Text));
        Assert.All(replies, r => Assert.Equal(alone.Usage!.OutputTokenCount, r.Usage!.OutputTokenCount));

        static async Task ReadThenCancelAsync(IAsyncEnumerable<ChatResponseUpdate> updates, CancellationTokenSource cancel)
        {
            await foreach (var _ in updates)
                await cancel.CancelAsync();
        }
    }

    [Fact]
    public async Task A_second_prompt_with_the_same_long_prefix_reuses_its_kv_state_and_gives_the_same_tokens()
    {
        var instructions = Instructions + " " + "Here is one more worked example.";
        var expected = await _models.Serial.GetResponseAsync(Ask(8, instructions), Greedy, Ct);

        var first = await _models.Cached.GetResponseAsync(Ask(7, instructions), Greedy, Ct);
        var second = await _models.Cached.GetResponseAsync(Ask(8, instructions), Greedy, Ct);

        Assert.Equal(0, Reused(first));
        Assert.Equal(first.Usage!.InputTokenCount, Computed(first));
        Assert.True(Reused(second) > second.Usage!.InputTokenCount / 2, $"reused {Reused(second)} of {second.Usage!.InputTokenCount}");
        Assert.Equal(second.Usage!.InputTokenCount, Computed(second) + Reused(second));
        Assert.Equal(expected.Text, second.Text);
    }

    [Fact]
    public async Task The_prefix_cache_never_holds_more_tokens_than_its_budget()
    {
        var observed = new List<int>();

        for (var q = 0; q < 6; q++)
        {
            await _models.SmallCache.GetResponseAsync(Ask(q, $"Variant {q}. " + Instructions), new ChatOptions { Temperature = 0, MaxOutputTokens = 2 }, Ct);
            observed.Add(_models.Batch(_models.SmallCache).CachedTokens);
        }

        Assert.All(observed, tokens => Assert.InRange(tokens, 1, Models.SmallCacheTokens));
    }

    [Fact]
    public async Task Without_a_prefix_cache_every_prompt_token_is_computed()
    {
        await _models.Serial.GetResponseAsync(Ask(1), Greedy, Ct);

        var again = await _models.Serial.GetResponseAsync(Ask(1), Greedy, Ct);

        Assert.Equal(0, Reused(again));
        Assert.Equal(again.Usage!.InputTokenCount, Computed(again));
    }

    private static long Reused(ChatResponse response) => response.Usage!.AdditionalCounts!["dspy.prefill_reused_tokens"];

    private static long Computed(ChatResponse response) => response.Usage!.AdditionalCounts!["dspy.prefill_computed_tokens"];

    /// <summary>One model file and four clients: one at a time without a cache, a batch of 8 without and with a cache, and a tiny cache.</summary>
    public sealed class Models : IDisposable
    {
        public const int SmallCacheTokens = 400;

        public Models()
        {
            Path = TinyGguf.Write(Directory.File("tiny.gguf"));
            Serial = Connect(new GgufOptions { MaxBatchSequences = 1, PrefixCacheTokens = 0 });
            Batched = Connect(new GgufOptions { MaxBatchSequences = 8, PrefixCacheTokens = 0 });
            Cached = Connect(new GgufOptions { MaxBatchSequences = 8 });
            SmallCache = Connect(new GgufOptions { MaxBatchSequences = 2, PrefixCacheTokens = SmallCacheTokens });
        }

        public TempDirectory Directory { get; } = new();

        public string Path { get; }

        public IChatClient Serial { get; }

        public IChatClient Batched { get; }

        public IChatClient Cached { get; }

        public IChatClient SmallCache { get; }

        internal GgufBatch Batch(IChatClient client) => client.GetService<GgufChatClient>()!.Batch;

        public void Dispose()
        {
            Serial.Dispose();
            Batched.Dispose();
            Cached.Dispose();
            SmallCache.Dispose();
            Directory.Dispose();
        }

        private IChatClient Connect(GgufOptions options) => LMSpec.Connect($"gguf:{Path}", LMConnectOptions.Default.WithSettings(options));
    }
}
