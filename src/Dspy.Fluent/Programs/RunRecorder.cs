using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>The trace and LM history of one run; thread-safe because parallel branches of a run record at once.</summary>
internal sealed class RunRecorder
{
    private readonly object _gate = new();
    private readonly List<TraceEntry> _trace = [];

    public LMHistory History { get; } = new(int.MaxValue);

    public void Record(TraceEntry entry)
    {
        lock (_gate) _trace.Add(entry);
    }

    public IReadOnlyList<TraceEntry> Trace
    {
        get { lock (_gate) return _trace.ToArray(); }
    }

    public UsageDetails Usage()
    {
        var total = new UsageDetails();
        foreach (var call in History.Calls)
            if (call.Usage is { } u) total.Add(u);
        return total;
    }
}
