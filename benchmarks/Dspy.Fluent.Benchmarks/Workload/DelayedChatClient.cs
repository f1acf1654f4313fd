using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// The instant LM behind a fixed in-process delay: the latency of the loopback server without its HTTP stack, so a row
/// on it separates what the framework's scheduling costs from what the HTTP client and JSON wire format cost. It also
/// measures how long the delays really took, since a timer fires late on a busy machine and every wave waits for it.
/// </summary>
internal sealed class DelayedChatClient(IChatClient inner, TimeSpan latency) : DelegatingChatClient(inner)
{
    private long _delayTicks;
    private int _delays;

    /// <summary>The mean time the delays really took, in milliseconds (the requested latency is the lower bound).</summary>
    public double MeanDelayMs => _delays == 0 ? 0 : Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _delayTicks) / _delays).TotalMilliseconds;

    /// <summary>Forgets the delays measured so far (e.g. the warm-up's).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _delayTicks, 0);
        Interlocked.Exchange(ref _delays, 0);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _delayTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref _delays);
        return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }
}
