module Dspy.Fluent.FSharp.Tests.LMPipelineTests

open System
open Microsoft.Extensions.AI
open Dspy.Fluent
open Xunit

[<Fact>]
let ``an F# pipeline with usage, cache, retries, rate limit and timeout answers once and then from the cache`` () =
    task {
        let ct = TestContext.Current.CancellationToken
        let inner = ScriptedChatClient.RawInOrder([ "hello" ])
        let tracker = LMUsageTracker()
        use client =
            ChatClientBuilder(inner)
                .UseLMUsage(tracker, fun c -> c.Budget <- LMBudget(MaxTotalTokens = Nullable 10_000L))
                .UseDspyCache(LruDistributedCache(100), fun c -> c.CoalesceStreamingUpdates <- true)
                .UseLMRetries(fun c -> c.MaxAttempts <- 3)
                .UseLMRateLimit(LMRateLimit(RequestsPerMinute = Nullable 600))
                .UseLMTimeout(TimeSpan.FromSeconds 30.0)
                .Build()
        let messages = [ ChatMessage(ChatRole.User, "hi") ]

        let! first = client.GetResponseAsync(messages, null, ct)
        let! second = client.GetResponseAsync(messages, null, ct)

        Assert.Equal("hello", first.Text)
        Assert.True(DspyChatOptions.IsCacheHit second)
        // The hit reports no usage of its own, but keeps what the stored reply cost.
        let stored = if isNull first.Usage then Nullable() else first.Usage.TotalTokenCount
        Assert.Equal(stored, DspyChatOptions.GetCachedTokens second)
        Assert.Equal(1L, tracker.Summary.CacheHits)
        Assert.Equal(1L, client.GetService<DspyCachingChatClient>().Statistics.Hits)
        Assert.Equal(1, inner.CallCount)
    }

[<Fact>]
let ``prices and redaction are usable from F#`` () =
    let prices = LMPriceTable.Default.With("my-model", LMPrice(1.0m, 2.0m))
    let usage = UsageDetails(InputTokenCount = Nullable 1_000_000L, OutputTokenCount = Nullable 1_000_000L)
    let redactor = SecretRedactor().AddSecret("tok_6f1c9b2e8a7d")

    Assert.Equal(Nullable 3.0m, prices.CostOf("my-model", usage))
    Assert.False(prices.CostOf("unknown-model", usage).HasValue)
    Assert.Equal("key [redacted]", redactor.Redact("key tok_6f1c9b2e8a7d"))

[<Fact>]
let ``caching can be switched off from F# without a store`` () =
    task {
        let ct = TestContext.Current.CancellationToken
        let inner = ScriptedChatClient.RawInOrder([ "a"; "b" ])
        use client = ChatClientBuilder(inner).UseDspyCacheDisabled().Build()
        let messages = [ ChatMessage(ChatRole.User, "hi") ]

        let! first = client.GetResponseAsync(messages, null, ct)
        let! second = client.GetResponseAsync(messages, null, ct)

        Assert.Equal<string list>([ "a"; "b" ], [ first.Text; second.Text ])
        Assert.False(client.GetService<DspyCachingChatClient>().IsEnabled)
    }
