using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace Dspy.Fluent.Tests;

public sealed class RedisCacheStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Configuration
    {
        get
        {
            if (redis.SkipReason is { } reason) Assert.Skip(reason);
            return redis.Configuration;
        }
    }

    [Fact]
    public async Task A_second_client_on_the_same_redis_sees_the_first_ones_entries()
    {
        var instance = $"test-{Guid.NewGuid():N}:";
        using (var first = RedisLMCache.Connect(Configuration, instance))
            await first.SetAsync("k", "v"u8.ToArray(), new DistributedCacheEntryOptions(), Ct);

        using var second = RedisLMCache.Connect(Configuration, instance);
        var value = await second.GetAsync("k", Ct);

        Assert.Equal("v"u8.ToArray(), value);
    }

    [Fact]
    public async Task Two_pipelines_on_one_redis_share_LM_replies()
    {
        var instance = $"test-{Guid.NewGuid():N}:";
        var firstLM = FakeChatClient.Counting();
        var secondLM = FakeChatClient.Counting();
        using var firstStore = RedisLMCache.Connect(Configuration, instance);
        using var secondStore = RedisLMCache.Connect(Configuration, instance);
        using var first = new ChatClientBuilder(firstLM).UseDspyCache(firstStore).Build();
        using var second = new ChatClientBuilder(secondLM).UseDspyCache(secondStore).Build();

        await first.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], null, Ct);
        var shared = await second.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], null, Ct);

        Assert.Equal(0, secondLM.Calls);
        Assert.Equal("reply 0", shared.Text);
        Assert.True(DspyChatOptions.IsCacheHit(shared));
    }

    [Fact]
    public async Task Concurrent_calls_through_redis_store_every_reply_once()
    {
        var instance = $"test-{Guid.NewGuid():N}:";
        var lm = FakeChatClient.Counting();
        using var store = RedisLMCache.Connect(Configuration, instance);
        using var client = new ChatClientBuilder(lm).UseDspyCache(store).Build();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"q{i}")], null, Ct)));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"q{i}")], null, Ct)));

        Assert.Equal(40, lm.Calls);
        Assert.Equal(40, client.GetService<DspyCachingChatClient>()!.Statistics.Hits);
    }
}
