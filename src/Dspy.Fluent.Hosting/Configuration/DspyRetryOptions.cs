namespace Dspy.Fluent;

/// <summary>The <c>Dspy:Retries</c> section: retries of transient LM failures (429 honouring <c>Retry-After</c>, 5xx, timeouts, network errors) with exponential backoff.</summary>
/// <remarks>A permanent failure (401, 400) is never retried. Set <see cref="MaxAttempts"/> to 1 to turn retries off; failures are still reported with their cause and advice, secrets masked.</remarks>
/// <example><code>"Retries": { "MaxAttempts": 6, "BaseDelay": "00:00:00.500", "MaxTotalWait": "00:05:00" }</code></example>
public sealed class DspyRetryOptions
{
    /// <summary>Attempts per call, the first included; 1 or more (1 means no retries).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry, doubled for each further one; more than zero.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait; at least <see cref="BaseDelay"/>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest total wait for one call, after which it fails; more than zero.</summary>
    public TimeSpan MaxTotalWait { get; set; } = TimeSpan.FromMinutes(2);
}
