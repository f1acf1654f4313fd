namespace Dspy.Fluent;

/// <summary>
/// A spending limit for <see cref="UsageTrackingChatClient"/>: once the tracked total reaches it, the next call throws
/// <see cref="BudgetExceededException"/> before reaching the provider. Calls already in flight finish, so a run with
/// N concurrent calls can overshoot by up to N calls.
/// </summary>
public sealed record LMBudget
{
    /// <summary>Total tokens (input + output), or null for no token limit.</summary>
    public long? MaxTotalTokens { get; init; }

    /// <summary>
    /// Cost in USD, or null for no cost limit. Needs a price for every model called: a call to a model missing from the
    /// price table is refused rather than let through unmetered.
    /// </summary>
    public decimal? MaxCostUsd { get; init; }
}
