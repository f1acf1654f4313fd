using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>What a model costs, in US dollars per million tokens.</summary>
/// <param name="InputPerMillion">USD per million input (prompt) tokens.</param>
/// <param name="OutputPerMillion">USD per million output tokens (reasoning tokens included, as providers bill them).</param>
/// <param name="CachedInputPerMillion">USD per million input tokens served from the provider's prompt cache; null to bill them as ordinary input.</param>
public sealed record LMPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal? CachedInputPerMillion = null)
{
    /// <summary>The cost of one call's <paramref name="usage"/>, or null when it reports no token counts.</summary>
    /// <param name="usage">Reported usage, or null.</param>
    public decimal? CostOf(UsageDetails? usage)
    {
        if (usage is null || (usage.InputTokenCount is null && usage.OutputTokenCount is null)) return null;
        var input = usage.InputTokenCount ?? 0;
        var cached = Math.Clamp(usage.CachedInputTokenCount ?? 0, 0, input);
        var output = usage.OutputTokenCount ?? 0;
        return ((input - cached) * InputPerMillion + cached * (CachedInputPerMillion ?? InputPerMillion) + output * OutputPerMillion) / 1_000_000m;
    }
}
