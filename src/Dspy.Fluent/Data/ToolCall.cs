using System.Text.Json;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>One tool call an LM asked for (DSPy's <c>dspy.ToolCalls.ToolCall</c>): the tool's name and its arguments.</summary>
/// <remarks>Two calls are equal when their names are equal and their arguments serialize to the same JSON.</remarks>
/// <param name="Name">The tool to call.</param>
/// <param name="Args">The arguments by parameter name; values are JSON (<see cref="JsonElement"/>) when read from a reply.</param>
/// <example><code>var call = new ToolCall("add", new Dictionary&lt;string, object?&gt; { ["a"] = 1, ["b"] = 2 });</code></example>
public sealed record ToolCall(string Name, IReadOnlyDictionary<string, object?> Args)
{
    /// <summary>The tool to call.</summary>
    /// <example><code>var name = call.Name; // "add"</code></example>
    public string Name { get; init; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <summary>The arguments by parameter name.</summary>
    /// <example><code>var a = call.Args["a"];</code></example>
    public IReadOnlyDictionary<string, object?> Args { get; init; } = Args ?? throw new ArgumentNullException(nameof(Args));

    /// <summary>This call as M.E.AI's <see cref="FunctionCallContent"/>, with <paramref name="callId"/> as its call id.</summary>
    /// <param name="callId">The id the provider pairs the call's result with.</param>
    /// <example><code>var content = call.ToFunctionCall("call_1");</code></example>
    public FunctionCallContent ToFunctionCall(string callId) =>
        new(callId ?? throw new ArgumentNullException(nameof(callId)), Name, Args.ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>A call read from M.E.AI's <see cref="FunctionCallContent"/>; missing arguments are an empty map.</summary>
    /// <param name="call">The provider's function call.</param>
    /// <example><code>var call = ToolCall.FromFunctionCall(new FunctionCallContent("c1", "add", new Dictionary&lt;string, object?&gt; { ["a"] = 1 }));</code></example>
    public static ToolCall FromFunctionCall(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new(call.Name, call.Arguments is { } args ? new Dictionary<string, object?>(args) : new Dictionary<string, object?>());
    }

    /// <inheritdoc />
    public bool Equals(ToolCall? other) =>
        other is not null && Name == other.Name && PythonJson.Serialize(Args) == PythonJson.Serialize(other.Args);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, PythonJson.Serialize(Args));

    /// <summary>DSPy's form of the call: <c>{"name": …, "args": {…}}</c>.</summary>
    /// <example><code>var text = call.ToString(); // {"name": "add", "args": {"a": 1, "b": 2}}</code></example>
    public override string ToString() => PythonJson.Serialize(Plain());

    internal OrderedDictionary<string, object?> Plain() => new() { ["name"] = Name, ["args"] = Args };
}
