using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>One request to the LM and what came back: the unit of history, cost and inspection.</summary>
public sealed record LMCall
{
    /// <summary>The predictor that made the call.</summary>
    public required string Predictor { get; init; }

    /// <summary>The adapter that built the prompt, e.g. <c>ChatAdapter</c> or <c>JsonAdapter</c> (after a fallback).</summary>
    public required string Adapter { get; init; }

    /// <summary>The messages sent.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>The reply text, or empty when the call failed.</summary>
    public string Reply { get; init; } = "";

    /// <summary>The model that answered (as reported by the response, else as requested), or null when unknown.</summary>
    public string? Model { get; init; }

    /// <summary>Why the LM stopped, when it said.</summary>
    public ChatFinishReason? FinishReason { get; init; }

    /// <summary>Token usage reported for the call; null for a cache hit or when the provider reports none.</summary>
    public UsageDetails? Usage { get; init; }

    /// <summary>Sampling temperature requested.</summary>
    public float? Temperature { get; init; }

    /// <summary>Rollout id requested.</summary>
    public string? RolloutId { get; init; }

    /// <summary>Whether the reply came from a cache (no new usage).</summary>
    public bool CacheHit { get; init; }

    /// <summary>For a cache hit, the total tokens its stored reply reported when it was made (what the hit saved); null otherwise.</summary>
    /// <example>
    /// <code>
    /// var saved = history.Sum(c =&gt; c.CachedTokens ?? 0);
    /// </code>
    /// </example>
    public long? CachedTokens { get; init; }

    /// <summary>When the call started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the call took, including any middleware (retries, cache).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// The failed attempts that middleware retried before this call succeeded or gave up (empty when the first attempt
    /// answered); read from <see cref="DspyChatOptions.RetriesKey"/> or <see cref="LMCallFailedException.Retries"/>.
    /// </summary>
    public IReadOnlyList<LMRetry> Retries { get; init; } = [];

    /// <summary>The error text when the call failed (after any retries in middleware), else null.</summary>
    public string? Error { get; init; }
}
