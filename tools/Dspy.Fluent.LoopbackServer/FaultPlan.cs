namespace Dspy.Fluent.Loopback;

/// <summary>Deals faults to requests in arrival order: per block of <see cref="BlockSize"/> requests, exact counts at seeded positions.</summary>
internal sealed class FaultPlan
{
    internal const int BlockSize = 100;

    private readonly LoopbackFaults _faults;
    private readonly Lock _gate = new();
    private long _next;
    private long _block = -1;
    private LoopbackFault[] _deal = [];

    public FaultPlan(LoopbackFaults faults)
    {
        faults.Validate();
        _faults = faults;
    }

    public LoopbackFault Next()
    {
        if (_faults.Total == 0) return LoopbackFault.None;
        lock (_gate)
        {
            var index = _next++;
            var block = index / BlockSize;
            if (block != _block)
            {
                _deal = Deal(block);
                _block = block;
            }
            return _deal[index % BlockSize];
        }
    }

    private LoopbackFault[] Deal(long block)
    {
        var deal = new LoopbackFault[BlockSize];
        var at = 0;
        foreach (var (fault, fraction) in new[]
                 {
                     (LoopbackFault.TooManyRequests, _faults.TooManyRequests), (LoopbackFault.ServerError, _faults.ServerError),
                     (LoopbackFault.Hang, _faults.Hang), (LoopbackFault.Truncated, _faults.Truncated),
                 })
        {
            var count = Math.Min((int)Math.Round(fraction * BlockSize, MidpointRounding.AwayFromZero), BlockSize - at);
            for (var i = 0; i < count; i++) deal[at++] = fault;
        }
        // One generator per block (not one for the whole run) so block k's deal does not depend on how many were drawn before.
        var random = new Random(HashCode.Combine(_faults.Seed, block));
        random.Shuffle(deal);
        return deal;
    }
}
