namespace Dspy.Fluent;

/// <summary>Usage of one model within an <see cref="LMUsageSummary"/>.</summary>
public sealed record LMModelUsage
{
    /// <summary>The model id as reported (or requested); <c>(unknown)</c> when neither said.</summary>
    public required string Model { get; init; }

    /// <summary>Calls answered by the provider (cache hits excluded).</summary>
    public long Calls { get; init; }

    /// <summary>Calls answered from the cache.</summary>
    public long CacheHits { get; init; }

    /// <summary>Input tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Total cost in USD, or null when the model has no price.</summary>
    public decimal? CostUsd { get; init; }
}
