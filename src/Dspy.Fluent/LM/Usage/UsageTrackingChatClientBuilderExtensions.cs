using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Dspy.Fluent;

/// <summary>Adds usage, cost and budget tracking (<see cref="UsageTrackingChatClient"/>) to a <see cref="ChatClientBuilder"/>.</summary>
public static class UsageTrackingChatClientBuilderExtensions
{
    /// <summary>Adds up token usage and cost of every call, and stops calls once an optional budget is spent.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="tracker">Where usage is added up; one registered in the build's services, else a new one, when null.</param>
    /// <param name="configure">Sets <c>Prices</c> and <c>Budget</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Place it before (outside) <c>UseDspyCache</c>: cache hits then count as hits and cost nothing.</remarks>
    /// <example>
    /// <code>
    /// var tracker = new LMUsageTracker();
    /// IChatClient lm = new ChatClientBuilder(provider)
    ///     .UseLMUsage(tracker, c => c.Budget = new LMBudget { MaxCostUsd = 5m })
    ///     .UseDspyCache(LMCacheStores.Memory())
    ///     .Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseLMUsage(this ChatClientBuilder builder, LMUsageTracker? tracker = null, Action<UsageTrackingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var client = new UsageTrackingChatClient(inner, tracker ?? services.GetService<LMUsageTracker>());
            if (services.GetService<LMPriceTable>() is { } prices) client.Prices = prices;
            configure?.Invoke(client);
            return client;
        });
    }
}
