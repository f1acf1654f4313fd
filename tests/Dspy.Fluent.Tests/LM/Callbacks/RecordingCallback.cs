using System.Collections.Concurrent;

namespace Dspy.Fluent.Tests;

/// <summary>Writes down every event as "start Kind name" / "end Kind name[ !Exception]", in the order they arrive.</summary>
internal sealed class RecordingCallback : IDspyCallback
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<DspyCallStart> Starts { get; } = new();

    public ConcurrentQueue<DspyCallEnd> Ends { get; } = new();

    public Task OnStartAsync(DspyCallStart call, CancellationToken cancellationToken)
    {
        Starts.Enqueue(call);
        Events.Enqueue($"start {call.Kind} {call.Name}");
        return Task.CompletedTask;
    }

    public async Task OnEndAsync(DspyCallEnd call, CancellationToken cancellationToken)
    {
        await Task.Yield(); // handlers are awaited: an asynchronous one still sees the events in order
        Ends.Enqueue(call);
        Events.Enqueue($"end {call.Kind} {call.Name}{(call.Exception is { } e ? $" !{e.GetType().Name}" : "")}");
    }
}
