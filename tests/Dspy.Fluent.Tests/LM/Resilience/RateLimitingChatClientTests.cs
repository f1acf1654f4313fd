using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Dspy.Fluent.Tests;

public sealed class RateLimitingChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatMessage[] Prompt(int i) => [new(ChatRole.User, $"q{i}")];

    [Fact]
    public async Task Concurrent_callers_are_held_to_the_request_rate()
    {
        var time = new FakeTimeProvider();
        var inner = FakeChatClient.Counting();
        using var client = new ChatClientBuilder(inner).UseLMRateLimit(new LMRateLimit { RequestsPerMinute = 3, TimeProvider = time }).Build();
        var limiter = client.GetService<RateLimitingChatClient>()!;

        var calls = Enumerable.Range(0, 8).Select(i => client.GetResponseAsync(Prompt(i), null, Ct)).ToArray();
        var passedAtOnce = inner.Calls;
        var queuedAtOnce = limiter.QueuedRequests;
        for (var i = 0; i < passedAtOnce; i++) await inner.Started.ReadAsync(Ct);
        var passedPerRefill = new List<int>();
        for (var refill = 0; refill < 5; refill++)
        {
            var before = inner.Calls;
            time.Advance(TimeSpan.FromSeconds(20)); // 3 per minute = one permit every 20 s
            var queuedAfterRefill = limiter.QueuedRequests;
            await inner.Started.ReadAsync(Ct);
            Assert.Equal(4 - refill, queuedAfterRefill);
            passedPerRefill.Add(inner.Calls - before);
            Assert.Equal(4 - refill, limiter.QueuedRequests);
        }
        await Task.WhenAll(calls);

        Assert.Equal(3, passedAtOnce); // a full bucket: one minute's worth
        Assert.Equal(5, queuedAtOnce);
        Assert.All(passedPerRefill, n => Assert.Equal(1, n));
        Assert.Equal(8, inner.Calls);
    }

    [Fact]
    public async Task Calls_wait_for_token_budget_by_their_estimated_size()
    {
        var time = new FakeTimeProvider();
        var inner = FakeChatClient.Counting();
        using var client = new ChatClientBuilder(inner).UseLMRateLimit(new LMRateLimit { TokensPerMinute = 120, TimeProvider = time }).Build();
        var limiter = client.GetService<RateLimitingChatClient>()!;
        var options = new ChatOptions { MaxOutputTokens = 50 }; // estimate: 1 prompt token + 50 = 51 tokens a call

        var first = client.GetResponseAsync(Prompt(1), options, Ct);
        var second = client.GetResponseAsync(Prompt(2), options, Ct);
        var third = client.GetResponseAsync(Prompt(3), options, Ct);
        var queued = limiter.QueuedTokens;
        await Task.WhenAll(first, second);

        Assert.Equal(2, inner.Calls);
        Assert.Equal(51, queued);
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task A_queued_caller_that_cancels_leaves_the_queue()
    {
        var time = new FakeTimeProvider();
        var inner = FakeChatClient.Counting();
        using var client = new ChatClientBuilder(inner).UseLMRateLimit(new LMRateLimit { RequestsPerMinute = 1, TimeProvider = time }).Build();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await client.GetResponseAsync(Prompt(0), null, Ct);

        var waiting = client.GetResponseAsync(Prompt(1), null, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, client.GetService<RateLimitingChatClient>()!.QueuedRequests);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void A_limit_with_neither_rate_is_rejected_when_the_pipeline_is_composed()
    {
        var error = Assert.Throws<ArgumentException>(() => new ChatClientBuilder(FakeChatClient.Counting()).UseLMRateLimit(new LMRateLimit()));

        Assert.Contains("RequestsPerMinute", error.Message);
    }
}
