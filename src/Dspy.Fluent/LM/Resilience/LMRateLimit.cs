namespace Dspy.Fluent;

/// <summary>Client-side limits for <see cref="RateLimitingChatClient"/>: requests and/or tokens per minute.</summary>
/// <remarks>
/// Each limit is a token bucket holding one minute's worth, refilled evenly (e.g. 60 requests/min adds one request
/// per second), so a burst up to the full minute is allowed after an idle spell. Set them a little below the provider's
/// published limits.
/// </remarks>
public sealed record LMRateLimit
{
    /// <summary>Requests per minute, or null for no request limit.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>
    /// Tokens per minute, or null for no token limit. A call takes an estimate before it is sent (prompt characters ÷ 4
    /// plus its max output tokens) and, once usage is known, whatever it used beyond the estimate when that is available.
    /// </summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>The clock that refills the buckets; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
