using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class DspyCachingChatClientTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "What is 2 + 2?")];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatOptions Rollout(string id, bool bypass = false)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [DspyChatOptions.RolloutIdKey] = id } };
        if (bypass) options.AdditionalProperties[DspyChatOptions.CacheBypassKey] = true;
        return options;
    }

    [Fact]
    public async Task A_repeated_request_is_answered_from_the_cache_with_no_new_usage()
    {
        var inner = FakeChatClient.Counting();
        using var client = new ChatClientBuilder(inner).UseDspyCache(new LruDistributedCache()).Build();

        var first = await client.GetResponseAsync(Prompt, null, Ct);
        var second = await client.GetResponseAsync(Prompt, null, Ct);

        Assert.Equal(1, inner.Calls);
        Assert.Equal("reply 0", second.Text);
        Assert.False(DspyChatOptions.IsCacheHit(first));
        Assert.True(DspyChatOptions.IsCacheHit(second));
        Assert.NotNull(first.Usage);
        Assert.Null(second.Usage);
        Assert.Equal(new LMCacheStatistics { Hits = 1, Misses = 1 }, client.GetService<DspyCachingChatClient>()!.Statistics);
    }

    [Fact]
    public async Task A_rollout_id_separates_entries_but_never_reaches_the_inner_client()
    {
        var inner = FakeChatClient.Counting();
        using var client = new ChatClientBuilder(inner).UseDspyCache(new LruDistributedCache()).Build();
        var options = WithExtras(Rollout("1"));

        var one = await client.GetResponseAsync(Prompt, options, Ct);
        var two = await client.GetResponseAsync(Prompt, WithExtras(Rollout("2")), Ct);
        var oneAgain = await client.GetResponseAsync(Prompt, WithExtras(Rollout("1")), Ct);

        Assert.Equal(2, inner.Calls);
        Assert.NotEqual(one.Text, two.Text);
        Assert.Equal(one.Text, oneAgain.Text);
        Assert.All(inner.ReceivedOptions, o => Assert.DoesNotContain(o?.AdditionalProperties?.Keys ?? [], k => k.StartsWith("dspy.", StringComparison.Ordinal)));
        Assert.Equal("kept", inner.ReceivedOptions[0]!.AdditionalProperties!["provider_flag"]);
        Assert.Equal("1", options.AdditionalProperties![DspyChatOptions.RolloutIdKey]); // the caller's options are untouched

        static ChatOptions WithExtras(ChatOptions o)
        {
            o.AdditionalProperties![DspyChatOptions.PredictorKey] = "qa";
            o.AdditionalProperties["provider_flag"] = "kept";
            return o;
        }
    }

    [Fact]
    public async Task A_bypass_request_gets_a_fresh_sample_and_leaves_the_stored_entry_alone()
    {
        var inner = FakeChatClient.Counting();
        var store = new RecordingDistributedCache(new LruDistributedCache());
        using var client = new ChatClientBuilder(inner).UseDspyCache(store).Build();
        await client.GetResponseAsync(Prompt, Rollout("1"), Ct);
        var callsBefore = store.Calls;

        var fresh = await client.GetResponseAsync(Prompt, Rollout("1", bypass: true), Ct);
        var cached = await client.GetResponseAsync(Prompt, Rollout("1"), Ct);

        Assert.Equal("reply 1", fresh.Text);
        Assert.False(DspyChatOptions.IsCacheHit(fresh));
        Assert.Equal("reply 0", cached.Text);
        Assert.Equal(callsBefore + 1, store.Calls); // only the last lookup touched the store
        Assert.Equal(1, client.GetService<DspyCachingChatClient>()!.Statistics.Bypassed);
        Assert.DoesNotContain(DspyChatOptions.CacheBypassKey, inner.ReceivedOptions[1]?.AdditionalProperties?.Keys ?? []);
    }

    [Fact]
    public async Task With_caching_off_every_call_reaches_the_inner_client_and_nothing_is_stored()
    {
        var inner = FakeChatClient.Counting();
        using var client = new ChatClientBuilder(inner).UseDspyCacheDisabled().Build();

        await client.GetResponseAsync(Prompt, Rollout("1"), Ct);
        await client.GetResponseAsync(Prompt, Rollout("1"), Ct);

        var cache = client.GetService<DspyCachingChatClient>()!;
        Assert.False(cache.IsEnabled);
        Assert.Equal(2, inner.Calls);
        Assert.Equal(new LMCacheStatistics(), cache.Statistics);
        Assert.All(inner.ReceivedOptions, o => Assert.Null(o?.AdditionalProperties));
    }

    [Fact]
    public async Task A_corrupt_entry_is_a_miss_and_is_overwritten()
    {
        var inner = FakeChatClient.Counting();
        var store = new RecordingDistributedCache(new LruDistributedCache());
        using var client = new ChatClientBuilder(inner).UseDspyCache(store).Build();
        await client.GetResponseAsync(Prompt, null, Ct);
        var key = Assert.Single(store.KeysWritten);
        await store.SetAsync(key, "{ not json"u8.ToArray(), new(), Ct);

        var afterCorruption = await client.GetResponseAsync(Prompt, null, Ct);
        var afterRepair = await client.GetResponseAsync(Prompt, null, Ct);

        Assert.Equal("reply 1", afterCorruption.Text);
        Assert.Equal("reply 1", afterRepair.Text);
        Assert.True(DspyChatOptions.IsCacheHit(afterRepair));
        var stats = client.GetService<DspyCachingChatClient>()!.Statistics;
        Assert.Equal(1, stats.CorruptEntries);
        Assert.Equal(2, stats.Misses);
    }

    [Fact]
    public async Task A_failing_store_never_fails_the_call()
    {
        var inner = FakeChatClient.Counting();
        using var client = new ChatClientBuilder(inner).UseDspyCache(new BrokenStore()).Build();

        var response = await client.GetResponseAsync(Prompt, null, Ct);

        Assert.Equal("reply 0", response.Text);
        Assert.Equal(2, client.GetService<DspyCachingChatClient>()!.Statistics.StoreErrors); // the read and the write
    }

    [Fact]
    public async Task Retries_of_the_original_call_are_not_replayed_on_a_hit()
    {
        var inner = new FakeChatClient((_, _, _) =>
        {
            var reply = FakeChatClient.Reply("ok");
            reply.AdditionalProperties = new() { [DspyChatOptions.RetriesKey] = new[] { new LMRetry { Attempt = 1, Reason = "HTTP 429", Wait = TimeSpan.FromSeconds(1) } } };
            return Task.FromResult(reply);
        });
        using var client = new ChatClientBuilder(inner).UseDspyCache(new LruDistributedCache()).Build();

        var miss = await client.GetResponseAsync(Prompt, null, Ct);
        var hit = await client.GetResponseAsync(Prompt, null, Ct);

        Assert.Single(DspyChatOptions.GetRetries(miss));
        Assert.Empty(DspyChatOptions.GetRetries(hit));
    }

    [Fact]
    public async Task A_streamed_call_and_a_plain_call_share_one_entry()
    {
        var inner = FakeChatClient.Counting();
        using var client = new ChatClientBuilder(inner).UseDspyCache(new LruDistributedCache()).Build();

        var streamed = await client.GetStreamingResponseAsync(Prompt, null, Ct).ToChatResponseAsync(Ct);
        var plain = await client.GetResponseAsync(Prompt, null, Ct);

        Assert.Equal(1, inner.Calls);
        Assert.Equal(streamed.Text, plain.Text);
        Assert.True(DspyChatOptions.IsCacheHit(plain));
    }

    [Fact]
    public async Task A_predictor_run_twice_records_the_second_call_as_a_cache_hit_in_its_history()
    {
        var inner = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "4" });
        using var client = new ChatClientBuilder(inner).UseDspyCache(new LruDistributedCache()).Build();
        var qa = Predict.Create("qa", "question -> answer");
        var input = Example.Create("question", "What is 2 + 2?");

        await qa.TryRunAsync(input, new LMSettings { Client = client }, Ct);
        var second = await qa.TryRunAsync(input, new LMSettings { Client = client }, Ct);

        var call = Assert.Single(second.History.Calls);
        Assert.True(call.CacheHit);
        Assert.Null(call.Usage);
        Assert.Equal(1, inner.CallCount);
        Assert.DoesNotContain(DspyChatOptions.PredictorKey, inner.Requests[0].Options?.AdditionalProperties?.Keys ?? []);
    }

    [Fact]
    public async Task Additional_key_values_separate_otherwise_identical_requests()
    {
        var inner = FakeChatClient.Counting();
        var store = new LruDistributedCache();
        using var v1 = new ChatClientBuilder(inner).UseDspyCache(store, c => c.CacheKeyAdditionalValues = ["prompt-set-v1"]).Build();
        using var v2 = new ChatClientBuilder(inner).UseDspyCache(store, c => c.CacheKeyAdditionalValues = ["prompt-set-v2"]).Build();

        await v1.GetResponseAsync(Prompt, null, Ct);
        var other = await v2.GetResponseAsync(Prompt, null, Ct);
        var same = await v1.GetResponseAsync(Prompt, null, Ct);

        Assert.Equal(2, inner.Calls);
        Assert.False(DspyChatOptions.IsCacheHit(other));
        Assert.True(DspyChatOptions.IsCacheHit(same));
    }

    private sealed class BrokenStore : Microsoft.Extensions.Caching.Distributed.IDistributedCache
    {
        public byte[]? Get(string key) => throw new IOException("disk gone");
        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => throw new IOException("disk gone");
        public void Set(string key, byte[] value, Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions options) => throw new IOException("disk gone");
        public Task SetAsync(string key, byte[] value, Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions options, CancellationToken token = default) => throw new IOException("disk gone");
        public void Refresh(string key) => throw new IOException("disk gone");
        public Task RefreshAsync(string key, CancellationToken token = default) => throw new IOException("disk gone");
        public void Remove(string key) => throw new IOException("disk gone");
        public Task RemoveAsync(string key, CancellationToken token = default) => throw new IOException("disk gone");
    }
}
