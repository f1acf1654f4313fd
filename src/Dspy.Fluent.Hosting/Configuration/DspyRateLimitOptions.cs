namespace Dspy.Fluent;

/// <summary>The <c>Dspy:RateLimit</c> section: a client-side limit on requests and/or tokens per minute (see <see cref="LMRateLimit"/>).</summary>
/// <remarks>Set the limits a little below the provider's published ones; every retry attempt takes a permit too.</remarks>
/// <example><code>"RateLimit": { "RequestsPerMinute": 500, "TokensPerMinute": 200000 }</code></example>
public sealed class DspyRateLimitOptions
{
    /// <summary>Requests per minute, or null for no request limit; 1 or more.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Tokens per minute (estimated before a call, corrected from usage), or null for no token limit; 1 or more.</summary>
    public int? TokensPerMinute { get; set; }
}
