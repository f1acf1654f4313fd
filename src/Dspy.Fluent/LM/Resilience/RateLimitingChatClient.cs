using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Holds every call through this client to a request and/or token rate, queueing callers (oldest first) until a permit
/// is free. One instance is shared by all concurrent calls made through it.
/// </summary>
/// <remarks>
/// Each limit is a <c>System.Threading.RateLimiting</c> <see cref="RateLimiter"/>: a token bucket whose clock is the given
/// <see cref="TimeProvider"/>, so tests can advance a fake clock.
/// </remarks>
public sealed class RateLimitingChatClient : DelegatingChatClient
{
    private readonly RateLimiter? _requests;
    private readonly RateLimiter? _tokens;
    private readonly int _tokenCapacity;

    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The client to call.</param>
    /// <param name="limit">The limits; at least one must be set.</param>
    /// <exception cref="ArgumentException">Neither limit is set, or one is below 1.</exception>
    public RateLimitingChatClient(IChatClient innerClient, LMRateLimit limit) : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(limit);
        if (limit.RequestsPerMinute is null && limit.TokensPerMinute is null)
            throw new ArgumentException("Set RequestsPerMinute, TokensPerMinute or both on the LMRateLimit.", nameof(limit));
        Limit = limit;
        var time = limit.TimeProvider ?? TimeProvider.System;
        if (limit.RequestsPerMinute is { } rpm)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(rpm, 1, nameof(limit.RequestsPerMinute));
            _requests = new TokenBucketLimiter(rpm, time);
        }
        if (limit.TokensPerMinute is { } tpm)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(tpm, 1, nameof(limit.TokensPerMinute));
            _tokens = new TokenBucketLimiter(tpm, time);
            _tokenCapacity = tpm;
        }
    }

    /// <summary>The limits in force.</summary>
    public LMRateLimit Limit { get; }

    /// <summary>Calls waiting for a request permit now.</summary>
    public long QueuedRequests => _requests?.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Tokens that waiting calls have asked for and not yet received (the sum of their estimates).</summary>
    public long QueuedTokens => _tokens?.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var estimate = await AcquireAsync(list, options, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        Settle(estimate, response.Usage);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var estimate = await AcquireAsync(list, options, cancellationToken).ConfigureAwait(false);
        UsageDetails? usage = null;
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            // A null update breaks the contract, but reporting it is the consumer's job: pass it on untouched.
            if (update is not null)
                foreach (var content in update.Contents)
                    if (content is UsageContent u) usage = u.Details;
            yield return update!;
        }
        Settle(estimate, usage);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _requests?.Dispose();
            _tokens?.Dispose();
        }
        base.Dispose(disposing);
    }

    private async ValueTask<int> AcquireAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (_requests is not null)
        {
            using var lease = await _requests.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired) throw new LMTransientException("The client-side request rate limiter was disposed while this call waited.");
        }
        if (_tokens is null) return 0;
        var estimate = (int)Math.Min(_tokenCapacity, EstimateTokens(messages, options));
        using (var lease = await _tokens.AcquireAsync(estimate, cancellationToken).ConfigureAwait(false))
            if (!lease.IsAcquired) throw new LMTransientException("The client-side token rate limiter was disposed while this call waited.");
        return estimate;
    }

    /// <summary>Takes tokens used beyond the estimate, when the bucket has them (never waits: the call is already done).</summary>
    private void Settle(int estimate, UsageDetails? usage)
    {
        if (_tokens is null || usage?.TotalTokenCount is not { } used || used <= estimate) return;
        using var _ = _tokens.AttemptAcquire((int)Math.Min(_tokenCapacity, used - estimate));
    }

    private static long EstimateTokens(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long chars = 0;
        foreach (var message in messages) chars += message.Text.Length;
        return Math.Max(1, (chars + 3) / 4 + (options?.MaxOutputTokens ?? 0));
    }
}
