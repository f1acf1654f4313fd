namespace Dspy.Fluent;

/// <summary>A call is starting: what <see cref="IDspyCallback.OnStartAsync"/> receives.</summary>
/// <remarks>Corresponds to the arguments of DSPy's <c>on_*_start(call_id, instance, inputs)</c>.</remarks>
/// <example><code>Console.WriteLine($"{call.Kind} {call.Name} started ({call.CallId}, inside {call.ParentCallId ?? "nothing"})");</code></example>
public sealed class DspyCallStart
{
    internal DspyCallStart(string callId, string? parentCallId, DspyCallKind kind, string name, object? input)
    {
        CallId = callId;
        ParentCallId = parentCallId;
        Kind = kind;
        Name = name;
        Input = input;
    }

    /// <summary>Identifies the call; the matching <see cref="DspyCallEnd"/> carries the same id.</summary>
    public string CallId { get; }

    /// <summary>The call this one runs inside (a predictor's module, an LM call's predictor), or null at the top.</summary>
    public string? ParentCallId { get; }

    /// <summary>What is being called.</summary>
    public DspyCallKind Kind { get; }

    /// <summary>The predictor, module, adapter, tool or model name (see <see cref="DspyCallKind"/>).</summary>
    public string Name { get; }

    /// <summary>What the call was given, unredacted (see <see cref="DspyCallKind"/> for its type per kind).</summary>
    public object? Input { get; }
}
