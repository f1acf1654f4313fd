using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dspy.Fluent.Hosting.Tests;

/// <summary>
/// Records every activity of one trace, from any source, as an exporter would see it (name, status, tags, events),
/// started under a root activity of the test's own so that activities of tests running in parallel are left out.
/// </summary>
public sealed class ActivityCapture : IDisposable
{
    private static readonly ActivitySource Source = new("Dspy.Fluent.Hosting.Tests");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly Activity _root;

    public ActivityCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _root = Source.StartActivity("test")!;
    }

    /// <summary>The activities of this trace, other than the root, each rendered as the text an exporter would send.</summary>
    public IReadOnlyList<string> Exported =>
        // The loopback provider runs in this process; its server spans are the provider's, not the application's.
        [.. _stopped.Where(a => a.TraceId == _root.TraceId && a != _root && a.Source.Name != "Microsoft.AspNetCore").Select(Render)];

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }

    private static string Render(Activity a) =>
        $"{a.Source.Name} {a.OperationName} {a.DisplayName} status={a.Status} {a.StatusDescription} " +
        $"tags[{string.Join(", ", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))}] " +
        $"events[{string.Join(", ", a.Events.Select(e => $"{e.Name}({string.Join(", ", e.Tags.Select(t => $"{t.Key}={t.Value}"))})"))}] " +
        $"baggage[{string.Join(", ", a.Baggage.Select(b => $"{b.Key}={b.Value}"))}]";
}
