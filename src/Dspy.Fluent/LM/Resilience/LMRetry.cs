namespace Dspy.Fluent;

/// <summary>One failed attempt of an LM call that was retried, and how long the retry waited before the next attempt.</summary>
/// <remarks>
/// Recorded by <see cref="RetryingChatClient"/> on the response (<see cref="DspyChatOptions.RetriesKey"/>), on
/// <see cref="LMCallFailedException.Retries"/>, and from there in <see cref="LMCall.Retries"/> and the history.
/// </remarks>
public sealed record LMRetry
{
    /// <summary>The attempt that failed, counting from 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>Why it failed, in a few words, e.g. <c>HTTP 429</c>, <c>HTTP 503</c>, <c>timeout</c> or <c>network error</c> (never a secret).</summary>
    public required string Reason { get; init; }

    /// <summary>The provider's HTTP status, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>How long the client waited before the next attempt.</summary>
    public required TimeSpan Wait { get; init; }

    /// <summary>Whether <see cref="Wait"/> came from the provider's <c>Retry-After</c> header rather than backoff.</summary>
    public bool FromRetryAfter { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Reason}, waited {LMDurations.Format(Wait)}{(FromRetryAfter ? " (Retry-After)" : "")}";
}
