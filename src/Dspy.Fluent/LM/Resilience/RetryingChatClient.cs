using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dspy.Fluent;

/// <summary>
/// Retries LM calls that failed for a transient reason — HTTP 429 (waiting exactly as long as <c>Retry-After</c> asks),
/// 5xx, timeouts and network errors — with exponential backoff and jitter, capped in attempts and in total wait.
/// Permanent failures and exhausted retries surface as <see cref="LMCallFailedException"/>.
/// </summary>
/// <remarks>
/// <para>Never retried: the caller's own cancellation, and exceptions that are not transport failures (parse errors,
/// <see cref="BudgetExceededException"/>, bugs), which pass through unchanged.</para>
/// <para>Every retry is visible: it is recorded on the response under <see cref="DspyChatOptions.RetriesKey"/> (from
/// there in <see cref="LMCall.Retries"/> and the history), passed to <see cref="OnRetry"/>, and logged.</para>
/// <para>All waits go through <see cref="TimeProvider"/>, so tests drive them with a fake clock.</para>
/// <para>Written here rather than with Polly because the parts that matter for LM calls — a total-wait cap that refuses a
/// <c>Retry-After</c> longer than what is left, recording the waits on the response, and one typed error that carries
/// them — would be glue around Polly's retry strategy, longer than this loop.</para>
/// <para>A streaming call is retried only while it has produced no update; after the first update an error propagates.</para>
/// </remarks>
public sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly Random _random = new();
    private int _maxAttempts = 5;

    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The client to call.</param>
    public RetryingChatClient(IChatClient innerClient) : base(innerClient) { }

    /// <summary>Attempts per call, the first included (default 5); 1 turns retrying off but keeps the typed errors.</summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxAttempts = value;
        }
    }

    /// <summary>The first backoff wait (default 1 s); each later one doubles, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff wait (default 30 s). A provider's <c>Retry-After</c> is honoured even when longer.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most a call may spend waiting between attempts (default 2 min). A retry whose wait would cross it is not made:
    /// the call fails at once rather than sleeping for nothing.
    /// </summary>
    public TimeSpan MaxTotalWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Spread of backoff waits as a fraction (default 0.2: ±20 %), so concurrent callers do not retry in lockstep. 0 makes waits exact.</summary>
    public double JitterFactor { get; set; } = 0.2;

    /// <summary>The clock for every wait.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Masks secrets in messages and logs.</summary>
    public SecretRedactor Redactor { get; set; } = new();

    /// <summary>Where retries are logged (secrets masked when set by <c>UseLMRetries</c>).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Called before each retry's wait, e.g. to show progress or count retries.</summary>
    public Action<LMRetry>? OnRetry { get; set; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var state = new AttemptState();
        while (true)
        {
            try
            {
                var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                if (state.Retries.Count > 0)
                {
                    response.AdditionalProperties ??= [];
                    response.AdditionalProperties[DspyChatOptions.RetriesKey] = state.Retries.ToArray();
                }
                return response;
            }
            catch (Exception e) when (LMFailure.From(e, cancellationToken, TimeProvider, Redactor) is { } failure)
            {
                await WaitOrThrowAsync(state, failure, e, options, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var state = new AttemptState();
        IAsyncEnumerator<ChatResponseUpdate> updates;
        bool any;
        while (true)
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                any = await updates.MoveNextAsync().ConfigureAwait(false);
                break;
            }
            catch (Exception e)
            {
                await updates.DisposeAsync().ConfigureAwait(false);
                if (LMFailure.From(e, cancellationToken, TimeProvider, Redactor) is not { } failure) throw;
                await WaitOrThrowAsync(state, failure, e, options, cancellationToken).ConfigureAwait(false);
            }
        }
        await using (updates.ConfigureAwait(false))
        {
            if (!any) yield break;
            var first = updates.Current;
            if (state.Retries.Count > 0)
            {
                first.AdditionalProperties ??= [];
                first.AdditionalProperties[DspyChatOptions.RetriesKey] = state.Retries.ToArray();
            }
            yield return first;
            while (await updates.MoveNextAsync().ConfigureAwait(false)) yield return updates.Current;
        }
    }

    private async Task WaitOrThrowAsync(AttemptState state, LMFailure failure, Exception error, ChatOptions? options, CancellationToken cancellationToken)
    {
        state.Attempt++;
        string? why = null;
        var wait = TimeSpan.Zero;
        if (!failure.Transient) why = "not retried: the error is permanent";
        else if (state.Attempt >= MaxAttempts) why = $"gave up: {MaxAttempts} attempts is the cap";
        else
        {
            wait = failure.RetryAfter ?? Backoff(state.Attempt);
            if (state.TotalWait + wait > MaxTotalWait)
                why = $"gave up: the next wait of {LMDurations.Format(wait)}{(failure.RetryAfter is null ? "" : " (Retry-After)")} " +
                      $"would pass the {LMDurations.Format(MaxTotalWait)} total-wait cap";
        }
        if (why is not null)
            throw new LMCallFailedException(failure, state.Attempt, state.TotalWait, state.Retries.ToArray(), why,
                DspyChatOptions.GetPredictor(options), options?.ModelId, Redactor.RedactException(error));

        var retry = new LMRetry { Attempt = state.Attempt, Reason = failure.Reason, StatusCode = failure.StatusCode, Wait = wait, FromRetryAfter = failure.RetryAfter is not null };
        state.Retries.Add(retry);
        OnRetry?.Invoke(retry);
        Logger.LogWarning("LM call attempt {Attempt} of {MaxAttempts} failed ({Reason}: {Detail}); retrying in {Wait}.",
            state.Attempt, MaxAttempts, failure.Reason, failure.Detail, LMDurations.Format(wait));
        await Task.Delay(wait, TimeProvider, cancellationToken).ConfigureAwait(false);
        state.TotalWait += wait;
    }

    private TimeSpan Backoff(int failedAttempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, failedAttempt - 1);
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        double spread;
        lock (_random) spread = 1 + JitterFactor * (2 * _random.NextDouble() - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, capped * spread));
    }

    private sealed class AttemptState
    {
        public int Attempt;
        public TimeSpan TotalWait;
        public readonly List<LMRetry> Retries = [];
    }
}
