using System.Globalization;

namespace Dspy.Fluent;

/// <summary>
/// A call was refused because the <see cref="LMBudget"/> is spent. Nothing was sent to the provider. The message says
/// what was spent, the limit, and how to raise it.
/// </summary>
public sealed class BudgetExceededException : Exception
{
    internal BudgetExceededException(LMBudget budget, LMUsageSummary spent, string? model, string? predictor)
        : base(Compose(budget, spent, model, predictor))
    {
        Budget = budget;
        Spent = spent;
    }

    /// <summary>The limit in force.</summary>
    public LMBudget Budget { get; }

    /// <summary>What had been spent when the call was refused.</summary>
    public LMUsageSummary Spent { get; }

    private static string Compose(LMBudget budget, LMUsageSummary spent, string? model, string? predictor)
    {
        var parts = new List<string>();
        if (budget.MaxTotalTokens is { } tokens && spent.TotalTokens >= tokens)
            parts.Add($"{spent.TotalTokens.ToString("N0", CultureInfo.InvariantCulture)} tokens used of a {tokens.ToString("N0", CultureInfo.InvariantCulture)}-token limit");
        if (budget.MaxCostUsd is { } usd && spent.CostUsd >= usd)
            parts.Add($"${spent.CostUsd.Value.ToString("0.####", CultureInfo.InvariantCulture)} spent of a ${usd.ToString("0.####", CultureInfo.InvariantCulture)} limit");
        var call = "The call" + (model is null ? "" : $" to model '{model}'") + (predictor is null ? "" : $" from predictor '{predictor}'");
        return $"The LM budget is spent: {string.Join(" and ", parts)} ({spent.Calls} calls). {call} was not sent. " +
               "To go on, raise the limit (UseLMUsage(tracker, c => c.Budget = new LMBudget { MaxTotalTokens = ..., MaxCostUsd = ... })) " +
               "or start a new budget period with tracker.Reset().";
    }
}
