using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>The trace and LM history of one run; thread-safe because parallel branches of a run record at once.</summary>
internal sealed class RunRecorder
{
    // The list is its own lock: one object less per run (a recorder is made for every run, i.e. every evaluated example).
    private readonly List<TraceEntry> _trace = new(4);

    public RunRecorder() : this(new LMHistory(int.MaxValue)) { }

    private RunRecorder(LMHistory history) => History = history;

    public LMHistory History { get; }

    public void Record(TraceEntry entry)
    {
        lock (_trace) _trace.Add(entry);
    }

    /// <summary>Records entries from a forked trace, in order, e.g. the chosen attempt's.</summary>
    public void RecordAll(IEnumerable<TraceEntry> entries)
    {
        lock (_trace) _trace.AddRange(entries);
    }

    /// <summary>A recorder with an empty trace that writes to the same history.</summary>
    public RunRecorder Fork() => new(History);

    public IReadOnlyList<TraceEntry> Trace
    {
        get { lock (_trace) return _trace.ToArray(); }
    }

    public UsageDetails Usage()
    {
        var total = new UsageDetails();
        foreach (var call in History.Calls)
            if (call.Usage is { } u) total.Add(u);
        return total;
    }
}
