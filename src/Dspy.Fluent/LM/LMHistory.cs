using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// A thread-safe, bounded record of LM calls, oldest first. Every run keeps one; <see cref="Inspect"/> renders the
/// last calls like DSPy's <c>inspect_history</c>, so the final prompt is always visible.
/// </summary>
public sealed class LMHistory
{
    // The queue is its own lock: every run keeps a history, so one object less per run.
    private readonly Queue<LMCall> _calls = new();

    /// <summary>Creates a history keeping at most <paramref name="capacity"/> calls (the oldest are dropped first).</summary>
    /// <param name="capacity">Maximum calls kept; at least 1.</param>
    public LMHistory(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Maximum calls kept.</summary>
    public int Capacity { get; }

    /// <summary>How many calls are kept now.</summary>
    public int Count { get { lock (_calls) return _calls.Count; } }

    /// <summary>A snapshot of the calls, oldest first.</summary>
    public IReadOnlyList<LMCall> Calls { get { lock (_calls) return _calls.ToArray(); } }

    /// <summary>Appends a call.</summary>
    /// <param name="call">The call.</param>
    public void Add(LMCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        lock (_calls)
        {
            if (_calls.Count == Capacity) _calls.Dequeue();
            _calls.Enqueue(call);
        }
    }

    /// <summary>Removes every call.</summary>
    public void Clear()
    {
        lock (_calls) _calls.Clear();
    }

    /// <summary>The last <paramref name="n"/> calls as text: each message by role, then the reply.</summary>
    /// <param name="n">How many calls, counting back from the newest.</param>
    /// <param name="includeTimestamps">Whether to show start times (off for snapshot files, which must be stable).</param>
    public string Inspect(int n = 1, bool includeTimestamps = true) => Render(Calls.TakeLast(Math.Max(0, n)), includeTimestamps);

    /// <summary>Renders calls as <see cref="Inspect"/> does.</summary>
    /// <param name="calls">The calls.</param>
    /// <param name="includeTimestamps">Whether to show start times.</param>
    public static string Render(IEnumerable<LMCall> calls, bool includeTimestamps = true)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var sb = new StringBuilder();
        foreach (var call in calls)
        {
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append(includeTimestamps ? $"[{call.StartedAt:yyyy-MM-ddTHH:mm:ss.fff}] " : "").Append(call.Predictor)
              .Append(" — ").Append(call.Model ?? "unknown model").Append(", ").Append(call.Adapter);
            if (call.CacheHit) sb.Append(", cache hit");
            if (call.Usage is { } u) sb.Append($", {u.InputTokenCount ?? 0} in / {u.OutputTokenCount ?? 0} out tokens");
            if (call.Retries.Count > 0)
                sb.Append(", ").Append(call.Retries.Count).Append(call.Retries.Count == 1 ? " retry (" : " retries (")
                  .AppendJoin("; ", call.Retries).Append(')');
            if (includeTimestamps) sb.Append($", {call.Duration.TotalMilliseconds:0} ms");
            sb.Append('\n');
            foreach (var message in call.Messages)
            {
                var role = message.Role.Value;
                sb.Append('\n').Append(char.ToUpperInvariant(role[0])).Append(role[1..]).Append(" message:\n\n")
                  .Append(MediaParts.TextOf(message).Trim()).Append('\n');
            }
            sb.Append("\nResponse:\n\n").Append(call.Error is null ? call.Reply.Trim() : $"(failed) {call.Error}").Append('\n');
        }
        return sb.ToString();
    }
}
