using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class UsageTrackingChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatMessage[] Prompt(int i) => [new(ChatRole.User, $"q{i}")];

    private static FakeChatClient Model(string model, int input = 100, int output = 20) =>
        new((i, _, _) => Task.FromResult(FakeChatClient.Reply($"r{i}", input, output, model))) { ModelId = model };

    [Fact]
    public async Task Usage_and_cost_of_many_concurrent_calls_add_up_exactly()
    {
        var tracker = new LMUsageTracker();
        using var client = new ChatClientBuilder(Model("gpt-4o-mini", 1000, 200)).UseLMUsage(tracker).Build();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => client.GetResponseAsync(Prompt(i), null, Ct), Ct)));

        var summary = tracker.Summary;
        Assert.Equal(200, summary.Calls);
        Assert.Equal(200_000, summary.InputTokens);
        Assert.Equal(40_000, summary.OutputTokens);
        Assert.Equal(240_000, summary.TotalTokens);
        Assert.Equal(200_000 * 0.15m / 1_000_000 + 40_000 * 0.60m / 1_000_000, summary.CostUsd);
        Assert.Equal(0, summary.UnpricedCalls);
        Assert.Equal("gpt-4o-mini", Assert.Single(summary.ByModel).Model);
    }

    [Fact]
    public async Task Calls_to_an_unpriced_model_are_counted_but_cost_nothing_known()
    {
        var tracker = new LMUsageTracker();
        using var client = new ChatClientBuilder(Model("local-llama")).UseLMUsage(tracker).Build();

        await client.GetResponseAsync(Prompt(0), null, Ct);

        Assert.Null(tracker.Summary.CostUsd);
        Assert.Equal(1, tracker.Summary.UnpricedCalls);
        Assert.Equal(120, tracker.Summary.TotalTokens);
    }

    [Fact]
    public async Task A_cache_hit_counts_as_a_hit_with_no_tokens_and_no_cost()
    {
        var tracker = new LMUsageTracker();
        using var client = new ChatClientBuilder(Model("gpt-4o")).UseLMUsage(tracker).UseDspyCache(new LruDistributedCache()).Build();

        await client.GetResponseAsync(Prompt(0), null, Ct);
        var afterMiss = tracker.Summary;
        await client.GetResponseAsync(Prompt(0), null, Ct);
        var afterHit = tracker.Summary;

        Assert.Equal(1, afterHit.CacheHits);
        Assert.Equal(afterMiss.Calls, afterHit.Calls);
        Assert.Equal(afterMiss.TotalTokens, afterHit.TotalTokens);
        Assert.Equal(afterMiss.CostUsd, afterHit.CostUsd);
    }

    [Fact]
    public async Task Once_the_token_budget_is_spent_the_next_call_stops_before_reaching_the_provider()
    {
        var inner = Model("gpt-4o-mini", input: 100, output: 20);
        var tracker = new LMUsageTracker();
        using var client = new ChatClientBuilder(inner).UseLMUsage(tracker, c => c.Budget = new LMBudget { MaxTotalTokens = 300 }).Build();
        for (var i = 0; i < 3; i++) await client.GetResponseAsync(Prompt(i), null, Ct); // 360 tokens: over the limit after the third

        var options = new ChatOptions { ModelId = "gpt-4o-mini", AdditionalProperties = new() { [DspyChatOptions.PredictorKey] = "qa" } };
        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Prompt(3), options, Ct));

        Assert.Equal(3, inner.Calls);
        Assert.Equal(360, error.Spent.TotalTokens);
        Assert.Contains("360 tokens used of a 300-token limit", error.Message);
        Assert.Contains("was not sent", error.Message);
        Assert.Contains("from predictor 'qa'", error.Message);
        Assert.Contains("MaxTotalTokens", error.Message); // how to raise it
    }

    [Fact]
    public async Task A_cost_budget_stops_calls_once_the_dollars_are_spent()
    {
        var inner = Model("gpt-4o", input: 1_000_000, output: 0); // $2.50 a call
        using var client = new ChatClientBuilder(inner).UseLMUsage(configure: c => c.Budget = new LMBudget { MaxCostUsd = 5m }).Build();
        await client.GetResponseAsync(Prompt(0), null, Ct);
        await client.GetResponseAsync(Prompt(1), null, Ct);

        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Prompt(2), null, Ct));

        Assert.Contains("$5 spent of a $5 limit", error.Message);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task A_cost_budget_refuses_a_model_it_cannot_price()
    {
        var inner = Model("mystery-model");
        using var client = new ChatClientBuilder(inner).UseLMUsage(configure: c => c.Budget = new LMBudget { MaxCostUsd = 1m }).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Prompt(0), null, Ct));

        Assert.Equal(0, inner.Calls);
        Assert.Contains("'mystery-model' has no price", error.Message);
    }

    [Fact]
    public async Task A_budget_exception_passes_through_retries_untouched_and_lands_in_the_run_outcome()
    {
        var scripted = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "4" });
        using var client = new ChatClientBuilder(scripted)
            .UseLMUsage(configure: c => c.Budget = new LMBudget { MaxTotalTokens = 1 })
            .UseLMRetries()
            .Build();
        var qa = Predict.Create("qa", "question -> answer");
        await qa.TryRunAsync(Example.Create("question", "a"), new LMSettings { Client = client }, Ct);

        var outcome = await qa.TryRunAsync(Example.Create("question", "b"), new LMSettings { Client = client }, Ct);

        Assert.IsType<BudgetExceededException>(outcome.Error);
        Assert.Equal(1, scripted.CallCount);
    }

    [Fact]
    public async Task A_usage_scope_collects_only_the_calls_made_inside_it()
    {
        using var client = new ChatClientBuilder(Model("gpt-4o-mini")).UseLMUsage().Build();
        await client.GetResponseAsync(Prompt(0), null, Ct);

        LMUsageSummary inside;
        using (var scope = LMUsageScope.Begin())
        {
            await Task.WhenAll(Enumerable.Range(1, 5).Select(i => Task.Run(() => client.GetResponseAsync(Prompt(i), null, Ct), Ct)));
            inside = scope.Summary;
        }
        await client.GetResponseAsync(Prompt(9), null, Ct);

        Assert.Equal(5, inside.Calls);
        Assert.Equal(7, client.GetService<UsageTrackingChatClient>()!.Tracker.Summary.Calls);
    }
}
