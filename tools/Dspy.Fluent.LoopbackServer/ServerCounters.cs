namespace Dspy.Fluent.Loopback;

/// <summary>Thread-safe request counters that signal every change, so a test can wait for a state instead of sleeping.</summary>
internal sealed class ServerCounters
{
    private readonly Lock _gate = new();
    private LoopbackStats _stats = new();
    private TaskCompletionSource _changed = NewSignal();

    public LoopbackStats Snapshot()
    {
        lock (_gate) return _stats;
    }

    public void Begin() => Update(s => s with { Requests = s.Requests + 1, InFlight = s.InFlight + 1, MaxInFlight = Math.Max(s.MaxInFlight, s.InFlight + 1) });

    /// <summary>Marks a request as held by an injected hang, so a test can act once the server holds it, not merely received it.</summary>
    public void Hold() => Update(s => s with { Holding = s.Holding + 1 });

    public void End(Func<LoopbackStats, LoopbackStats> outcome) => Update(s => outcome(s) with { InFlight = s.InFlight - 1 });

    public async Task WaitAsync(Func<LoopbackStats, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_stats)) return;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Update(Func<LoopbackStats, LoopbackStats> change)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _stats = change(_stats);
            signal = _changed;
            _changed = NewSignal();
        }
        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
