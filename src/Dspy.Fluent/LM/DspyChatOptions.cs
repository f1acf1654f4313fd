using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Keys this library reads and writes in <see cref="ChatOptions.AdditionalProperties"/> and <see cref="ChatResponse.AdditionalProperties"/>.</summary>
/// <remarks>
/// Request keys (<c>dspy.*</c> in <see cref="ChatOptions.AdditionalProperties"/>) are for this library's middleware only:
/// the cache removes them before calling the client it wraps, and connectors must do the same with
/// <see cref="WithoutDspyKeys(ChatOptions?)"/>, because some <see cref="IChatClient"/> implementations forward every
/// additional property to the provider as a request field.
/// </remarks>
public static class DspyChatOptions
{
    /// <summary>The prefix shared by every key of this library.</summary>
    public const string KeyPrefix = "dspy.";

    /// <summary>The rollout id of a request: part of a cache key, read by the simulated LM, stripped before any provider sees it.</summary>
    public const string RolloutIdKey = "dspy.rollout_id";

    /// <summary>
    /// Set to <c>true</c> on a request to skip the cache for that call: it is neither read nor written, so the inner client
    /// produces a fresh sample and the stored entry (if any) stays as it was. Stripped before any provider sees it.
    /// </summary>
    public const string CacheBypassKey = "dspy.cache_bypass";

    /// <summary>
    /// The name of the predictor making the request (set by every predictor call), for telemetry and error messages.
    /// Not part of a cache key; stripped before any provider sees it.
    /// </summary>
    public const string PredictorKey = "dspy.predictor";

    /// <summary>Set to <c>true</c> on a response served from a cache.</summary>
    public const string CacheHitKey = "dspy.cache_hit";

    /// <summary>On a response served from a cache: the total tokens the stored reply reported when it was made (a <see cref="long"/>),
    /// so reports can show what the hit saved; absent when the stored reply reported none.</summary>
    public const string CachedTokensKey = "dspy.cached_tokens";

    /// <summary>
    /// On a response: the retries made before it succeeded, as an <see cref="IReadOnlyList{T}"/> of <see cref="LMRetry"/>
    /// (absent when the first attempt succeeded).
    /// </summary>
    public const string RetriesKey = "dspy.retries";

    /// <summary>The rollout id carried by <paramref name="options"/>, or null.</summary>
    /// <param name="options">Request options, or null.</param>
    public static string? GetRolloutId(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(RolloutIdKey, out var v) == true ? v?.ToString() : null;

    /// <summary>The predictor name carried by <paramref name="options"/>, or null.</summary>
    /// <param name="options">Request options, or null.</param>
    public static string? GetPredictor(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PredictorKey, out var v) == true ? v?.ToString() : null;

    /// <summary>Whether <paramref name="options"/> asks to skip the cache (see <see cref="CacheBypassKey"/>).</summary>
    /// <param name="options">Request options, or null.</param>
    public static bool IsCacheBypass(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(CacheBypassKey, out var v) == true && v is true or "true" or "True";

    /// <summary>Whether <paramref name="response"/> was served from a cache.</summary>
    /// <param name="response">A response.</param>
    public static bool IsCacheHit(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(CacheHitKey, out var v) == true && v is true;
    }

    /// <summary>The tokens a cache hit saved (<see cref="CachedTokensKey"/>), or null when <paramref name="response"/> is not a hit or its stored reply reported none.</summary>
    /// <param name="response">A response.</param>
    /// <returns>The stored reply's total tokens, or null.</returns>
    /// <example>
    /// <code>
    /// if (DspyChatOptions.GetCachedTokens(response) is { } saved) Console.WriteLine($"{saved} cached");
    /// </code>
    /// </example>
    public static long? GetCachedTokens(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(CachedTokensKey, out var v) == true && v is long tokens ? tokens : null;
    }

    /// <summary>The retries recorded on <paramref name="response"/> by the retry middleware; empty when there were none.</summary>
    /// <param name="response">A response.</param>
    public static IReadOnlyList<LMRetry> GetRetries(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(RetriesKey, out var v) == true && v is IReadOnlyList<LMRetry> retries ? retries : [];
    }

    /// <summary>
    /// <paramref name="options"/> without any <c>dspy.*</c> key: the same instance when it has none, else a clone
    /// (the caller's object is never changed). Connectors call this before building a provider request.
    /// </summary>
    /// <param name="options">Request options, or null.</param>
    /// <returns>Options safe to hand to a provider, or null when <paramref name="options"/> is null.</returns>
    public static ChatOptions? WithoutDspyKeys(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { Count: > 0 } properties || !HasDspyKey(properties)) return options;
        var clone = options.Clone();
        var kept = new AdditionalPropertiesDictionary();
        foreach (var (key, value) in properties)
            if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal)) kept[key] = value;
        clone.AdditionalProperties = kept.Count == 0 ? null : kept;
        return clone;
    }

    private static bool HasDspyKey(AdditionalPropertiesDictionary properties)
    {
        foreach (var key in properties.Keys)
            if (key.StartsWith(KeyPrefix, StringComparison.Ordinal)) return true;
        return false;
    }
}
