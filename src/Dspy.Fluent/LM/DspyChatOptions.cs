using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Keys this library reads and writes in <see cref="ChatOptions.AdditionalProperties"/> and <see cref="ChatResponse.AdditionalProperties"/>.</summary>
public static class DspyChatOptions
{
    /// <summary>The rollout id of a request: part of a cache key, read by the simulated LM, stripped before any provider sees it.</summary>
    public const string RolloutIdKey = "dspy.rollout_id";

    /// <summary>Set to <c>true</c> on a response served from a cache.</summary>
    public const string CacheHitKey = "dspy.cache_hit";

    /// <summary>The rollout id carried by <paramref name="options"/>, or null.</summary>
    /// <param name="options">Request options, or null.</param>
    public static string? GetRolloutId(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(RolloutIdKey, out var v) == true ? v?.ToString() : null;

    /// <summary>Whether <paramref name="response"/> was served from a cache.</summary>
    /// <param name="response">A response.</param>
    public static bool IsCacheHit(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(CacheHitKey, out var v) == true && v is true;
    }
}
