using System.Globalization;
using System.Text;

namespace Dspy.Fluent;

/// <summary>Token usage and cost added up over many calls: a snapshot from an <see cref="LMUsageTracker"/>.</summary>
public sealed record LMUsageSummary
{
    /// <summary>Calls answered by the provider (cache hits excluded).</summary>
    public long Calls { get; init; }

    /// <summary>Calls answered from the cache; they add no tokens and no cost.</summary>
    public long CacheHits { get; init; }

    /// <summary>Input (prompt) tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Total tokens (the provider's total when it reports one, else input + output).</summary>
    public long TotalTokens { get; init; }

    /// <summary>Input tokens the provider served from its own prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Reasoning tokens (included in <see cref="OutputTokens"/> by most providers).</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>
    /// The cost in USD of the calls that could be priced, or null when none could. When <see cref="UnpricedCalls"/> is
    /// above 0 this is a lower bound.
    /// </summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Provider calls whose model had no price (or whose usage had no counts).</summary>
    public long UnpricedCalls { get; init; }

    /// <summary>The same figures per model, most calls first.</summary>
    public IReadOnlyList<LMModelUsage> ByModel { get; init; } = [];

    /// <summary>One line, e.g. <c>12 calls (+3 cache hits), 10234 in / 2001 out tokens, $0.0123</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder().Append(Calls).Append(Calls == 1 ? " call" : " calls");
        if (CacheHits > 0) sb.Append(" (+").Append(CacheHits).Append(CacheHits == 1 ? " cache hit)" : " cache hits)");
        sb.Append(", ").Append(InputTokens).Append(" in / ").Append(OutputTokens).Append(" out tokens");
        sb.Append(", ").Append(CostUsd is { } c ? "$" + c.ToString("0.####", CultureInfo.InvariantCulture) : "cost unknown");
        if (UnpricedCalls > 0 && CostUsd is not null) sb.Append(" (").Append(UnpricedCalls).Append(" calls unpriced)");
        return sb.ToString();
    }
}
