using System.Text.Json;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// The tool calls an LM asked for (DSPy's <c>dspy.ToolCalls</c>), the value of a <see cref="FieldType.ToolCalls"/> output.
/// Prompts show it as <c>{"tool_calls": [{"name": …, "args": {…}}]}</c>; replies may also give a bare list of calls or one
/// call, as DSPy accepts. With native function calling the reply's <see cref="FunctionCallContent"/>s become this value.
/// </summary>
/// <remarks>Immutable; two values are equal when they hold equal calls in the same order.</remarks>
/// <example><code>var calls = new ToolCalls([new ToolCall("add", new Dictionary&lt;string, object?&gt; { ["a"] = 1 })]);</code></example>
public sealed class ToolCalls : IEquatable<ToolCalls>
{
    /// <summary>The calls, in the order the LM wrote them.</summary>
    /// <param name="calls">The calls.</param>
    /// <example><code>var none = new ToolCalls([]);</code></example>
    public ToolCalls(IEnumerable<ToolCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        Calls = [.. calls.Select(c => c ?? throw new ArgumentException("A tool call list cannot hold null.", nameof(calls)))];
    }

    /// <summary>The calls, in the order the LM wrote them.</summary>
    /// <example><code>foreach (var call in calls.Calls) Console.WriteLine(call.Name);</code></example>
    public IReadOnlyList<ToolCall> Calls { get; }

    /// <summary>The calls of a reply's <see cref="FunctionCallContent"/>s, as DSPy's adapters read native function calls.</summary>
    /// <param name="calls">The provider's function calls.</param>
    /// <example><code>var calls = ToolCalls.FromFunctionCalls(response.Messages.SelectMany(m => m.Contents).OfType&lt;FunctionCallContent&gt;());</code></example>
    public static ToolCalls FromFunctionCalls(IEnumerable<FunctionCallContent> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return new(calls.Select(ToolCall.FromFunctionCall));
    }

    /// <summary>The calls as M.E.AI <see cref="FunctionCallContent"/>s, with call ids <c>call_1</c>, <c>call_2</c>, … in order.</summary>
    /// <example><code>var contents = calls.ToFunctionCalls();</code></example>
    public IReadOnlyList<FunctionCallContent> ToFunctionCalls() =>
        [.. Calls.Select((c, i) => c.ToFunctionCall($"call_{i + 1}"))];

    /// <inheritdoc />
    public bool Equals(ToolCalls? other) => other is not null && Calls.SequenceEqual(other.Calls);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ToolCalls);

    /// <inheritdoc />
    public override int GetHashCode() => Calls.Aggregate(Calls.Count, (h, c) => HashCode.Combine(h, c));

    /// <summary>DSPy's form: <c>{"tool_calls": [{"name": …, "args": {…}}]}</c>.</summary>
    /// <example><code>var text = calls.ToString();</code></example>
    public override string ToString() => PythonJson.Serialize(Plain());

    internal OrderedDictionary<string, object?> Plain() => new() { ["tool_calls"] = Calls.Select(c => c.Plain()).ToList() };

    /// <summary>
    /// DSPy's <c>ToolCalls.validate_input</c>: <c>{"tool_calls": [...]}</c>, a list of calls, or one call; each call has
    /// <c>name</c> and <c>args</c> (or <c>arguments</c>, or the provider's <c>function</c> shape). Anything else is refused.
    /// </summary>
    internal static ToolCalls FromJson(JsonElement data)
    {
        if (data.ValueKind == JsonValueKind.Array && data.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && IsCall(e)))
            return new(data.EnumerateArray().Select(Call));
        if (data.ValueKind == JsonValueKind.Object)
        {
            if (data.TryGetProperty("tool_calls", out var list))
            {
                if (list.ValueKind == JsonValueKind.Array)
                    return new(list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? Call(e)
                        : throw new FormatException($"{ValueConverter.Preview(e.GetRawText())} is not a tool call: each call is an object with \"name\" and \"args\".")));
            }
            else if (IsCall(data)) return new([Call(data)]);
        }
        throw new FormatException(
            $"{ValueConverter.Preview(data.GetRawText())} is not a valid ToolCalls: expected {{\"tool_calls\": [{{\"name\": \"...\", \"args\": {{...}}}}]}}, a list of such calls, or one call.");
    }

    private static bool IsCall(JsonElement e) =>
        (e.TryGetProperty("name", out _) && (e.TryGetProperty("args", out _) || e.TryGetProperty("arguments", out _))) || e.TryGetProperty("function", out _);

    private static ToolCall Call(JsonElement e)
    {
        JsonElement name = default, args = default;
        var hasName = false;
        var hasArgs = false;
        if (e.TryGetProperty("function", out var function))
        {
            if (function.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                throw new FormatException($"{ValueConverter.Preview(function.GetRawText())} is not a function object of a tool call.");
            if (function.ValueKind == JsonValueKind.Object)
            {
                hasArgs = function.TryGetProperty("arguments", out args);
                hasName = function.TryGetProperty("name", out name) && name.ValueKind == JsonValueKind.String && name.GetString()!.Length > 0;
            }
            if (!hasName) hasName = e.TryGetProperty("name", out name);
        }
        else
        {
            hasArgs = e.TryGetProperty("args", out args) || e.TryGetProperty("arguments", out args);
            hasName = e.TryGetProperty("name", out name);
        }
        if (!hasName || name.ValueKind != JsonValueKind.String)
            throw new FormatException($"{ValueConverter.Preview(e.GetRawText())} is not a tool call: \"name\" must be a string.");
        if (hasArgs && args.ValueKind == JsonValueKind.String && JsonRepair.TryParse(args.GetString()!, out var parsed)) args = parsed;
        var map = new Dictionary<string, object?>();
        if (hasArgs && args.ValueKind == JsonValueKind.Object)
            foreach (var p in args.EnumerateObject()) map[p.Name] = p.Value.Clone();
        return new(name.GetString()!, map);
    }
}
