using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Gives each call a deadline: past it, the inner call is cancelled and a <see cref="TimeoutException"/> is thrown (which
/// <see cref="RetryingChatClient"/> retries). The caller's own cancellation still surfaces as cancellation.
/// </summary>
/// <remarks>
/// The call is abandoned at the deadline even when the inner client ignores its token. For a streaming call the deadline
/// applies to each wait for the next update, so a long reply that keeps arriving is not cut off.
/// </remarks>
public sealed class TimeoutChatClient : DelegatingChatClient
{
    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The client to call.</param>
    /// <param name="timeout">The deadline per call; positive.</param>
    public TimeoutChatClient(IChatClient innerClient, TimeSpan timeout) : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout;
    }

    /// <summary>The deadline per call.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The clock for the deadline.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var deadline = new CancellationTokenSource(Timeout, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await base.GetResponseAsync(messages, options, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(e);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var deadline = new CancellationTokenSource(Timeout, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        await using var updates = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await updates.MoveNextAsync().AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(e);
            }
            if (!more) yield break;
            yield return updates.Current;
            deadline.CancelAfter(Timeout); // restart the clock for the next update
        }
    }

    private TimeoutException TimedOut(Exception inner) =>
        new($"The LM call did not finish within {LMDurations.Format(Timeout)} (the per-call timeout set with UseLMTimeout).", inner);
}
