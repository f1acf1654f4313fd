namespace Dspy.Fluent;

/// <summary>A call has ended, with its output or its exception: what <see cref="IDspyCallback.OnEndAsync"/> receives.</summary>
/// <remarks>Corresponds to the arguments of DSPy's <c>on_*_end(call_id, outputs, exception)</c>.</remarks>
/// <example><code>if (call.Exception is { } e) Console.WriteLine($"{call.Name} failed after {call.Duration}: {e.Message}");</code></example>
public sealed class DspyCallEnd
{
    internal DspyCallEnd(DspyCallStart start, object? output, Exception? exception, TimeSpan duration)
    {
        CallId = start.CallId;
        ParentCallId = start.ParentCallId;
        Kind = start.Kind;
        Name = start.Name;
        Output = output;
        Exception = exception;
        Duration = duration;
    }

    /// <summary>The id its <see cref="DspyCallStart"/> carried.</summary>
    public string CallId { get; }

    /// <summary>The call this one ran inside, or null at the top.</summary>
    public string? ParentCallId { get; }

    /// <summary>What was called.</summary>
    public DspyCallKind Kind { get; }

    /// <summary>The predictor, module, adapter, tool or model name.</summary>
    public string Name { get; }

    /// <summary>What the call returned, unredacted; null when it failed.</summary>
    public object? Output { get; }

    /// <summary>Why the call failed (it is rethrown after the callbacks ran), or null.</summary>
    public Exception? Exception { get; }

    /// <summary>How long the call took.</summary>
    public TimeSpan Duration { get; }
}
