using System.Threading.RateLimiting;

namespace Dspy.Fluent;

/// <summary>
/// A token bucket (<see cref="RateLimiter"/>) that refills continuously at <c>perMinute</c> and holds at most one
/// minute's worth; callers that find it short wait in a FIFO queue, woken by a timer at the moment enough has accrued.
/// </summary>
/// <remarks>
/// Written here instead of using <see cref="TokenBucketRateLimiter"/> because the built-in limiters measure elapsed time
/// with <c>Stopwatch</c> even when replenished by hand, so a <see cref="TimeProvider"/> (and a fake clock in tests)
/// cannot drive them. Accounting is in integer "token-ticks" (tokens × ticks per minute), so refills are exact.
/// </remarks>
internal sealed class TokenBucketLimiter : RateLimiter
{
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeProvider _time;
    private readonly long _perMinute;
    private readonly long _capacity; // in token-ticks
    private long _available;         // in token-ticks
    private long _lastRefill;        // TimeProvider timestamp
    private long _queuedPermits;
    private ITimer? _timer;
    private bool _disposed;

    public TokenBucketLimiter(int perMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        _perMinute = perMinute;
        _time = time;
        _capacity = _available = perMinute * TimeSpan.TicksPerMinute;
        _lastRefill = time.GetTimestamp();
    }

    public int PermitLimit => (int)_perMinute;

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = _available / TimeSpan.TicksPerMinute, CurrentQueuedCount = _queuedPermits };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Check(permitCount);
        lock (_gate)
        {
            Refill();
            return _queue.Count == 0 && TryTake(permitCount) ? Lease.Acquired : Lease.Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Check(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            Refill();
            if (_queue.Count == 0 && TryTake(permitCount)) return ValueTask.FromResult<RateLimitLease>(Lease.Acquired);
            waiter = new Waiter(permitCount);
            waiter.Node = _queue.AddLast(waiter);
            _queuedPermits += permitCount;
            if (_queue.Count == 1) Schedule();
        }
        if (cancellationToken.CanBeCanceled)
            waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            foreach (var waiter in _queue) waiter.Completion.TrySetResult(Lease.Refused);
            _queue.Clear();
            _queuedPermits = 0;
        }
    }

    private void Check(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, PermitLimit);
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsedTicks = _time.GetElapsedTime(_lastRefill, now).Ticks;
        if (elapsedTicks <= 0) return;
        _lastRefill = now;
        // Cap before multiplying: more than a minute of refill only fills the bucket.
        var accrued = Math.Min(elapsedTicks, TimeSpan.TicksPerMinute) * _perMinute;
        _available = Math.Min(_capacity, _available + accrued);
    }

    private bool TryTake(int permits)
    {
        var cost = permits * TimeSpan.TicksPerMinute;
        if (_available < cost) return false;
        _available -= cost;
        return true;
    }

    /// <summary>Serves waiters in order while the bucket covers them, then sleeps until the next one can be served.</summary>
    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Refill();
            while (_queue.First is { } head && TryTake(head.Value.Permits))
            {
                _queue.RemoveFirst();
                _queuedPermits -= head.Value.Permits;
                head.Value.Registration.Dispose();
                head.Value.Completion.TrySetResult(Lease.Acquired);
            }
            Schedule();
        }
    }

    private void Schedule()
    {
        if (_queue.First is not { } head) return;
        var deficit = head.Value.Permits * TimeSpan.TicksPerMinute - _available;
        var wait = TimeSpan.FromTicks(Math.Max(1, (deficit + _perMinute - 1) / _perMinute));
        if (_timer is null) _timer = _time.CreateTimer(static s => ((TokenBucketLimiter)s!).OnTimer(), this, wait, Timeout.InfiniteTimeSpan);
        else _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            if (waiter.Node?.List is null) return; // already served
            _queue.Remove(waiter.Node);
            _queuedPermits -= waiter.Permits;
            Schedule();
        }
        waiter.Completion.TrySetCanceled(token);
    }

    private sealed class Waiter(int permits)
    {
        public int Permits { get; } = permits;
        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
