using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Tools as functions code can call: positional arguments bind to the tool's parameters in the order of its JSON
/// schema; a single object argument whose keys are all parameter names binds by name. Each call is reported as a tool
/// call when the run is observed, as ReAct's are.
/// </summary>
internal static class ToolFunctions
{
    public static HostFunction From(AIFunction tool, LMSettings settings) => new(tool.Name, async (args, ct) =>
    {
        var bound = Bind(tool, args);
        var result = ObservedCall.IsObserved(settings)
            ? await ObservedCall.RunAsync(settings, DspyCallKind.Tool, tool.Name, bound, (Tool: tool, Args: bound),
                static (s, c) => s.Tool.InvokeAsync(s.Args, c), ct).ConfigureAwait(false)
            : await tool.InvokeAsync(bound, ct).ConfigureAwait(false);
        return result;
    });

    /// <summary>The tool's parameter names, in its schema's order.</summary>
    public static IReadOnlyList<string> Parameters(AIFunction tool) =>
        tool.JsonSchema.ValueKind == JsonValueKind.Object && tool.JsonSchema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? [.. p.EnumerateObject().Select(x => x.Name)]
            : [];

    private static AIFunctionArguments Bind(AIFunction tool, IReadOnlyList<JsonElement> args)
    {
        var names = Parameters(tool);
        var bound = new AIFunctionArguments();
        if (args.Count == 1 && args[0].ValueKind == JsonValueKind.Object && names.Count > 0
            && args[0].EnumerateObject().All(p => names.Contains(p.Name)) && !TakesObject(tool, names[0]))
        {
            foreach (var p in args[0].EnumerateObject()) bound[p.Name] = p.Value;
            return bound;
        }
        if (args.Count > names.Count)
            throw new ArgumentException($"{tool.Name} takes {Counted.Of(names.Count, "argument")} ({string.Join(", ", names)}) but was called with {args.Count}.");
        for (var i = 0; i < args.Count; i++) bound[names[i]] = args[i];
        return bound;
    }

    private static bool TakesObject(AIFunction tool, string parameter) =>
        tool.JsonSchema.GetProperty("properties").GetProperty(parameter) is { ValueKind: JsonValueKind.Object } schema
        && schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object";
}
