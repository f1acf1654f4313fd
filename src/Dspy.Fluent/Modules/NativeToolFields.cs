using System.Collections;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// DSPy's <c>Adapter._call_preprocess</c> for native function calling: when the adapter asks for it and the signature has a
/// <c>Tool</c>/<c>list[Tool]</c> input and a <c>ToolCalls</c> output, the tools become <see cref="ChatOptions.Tools"/>
/// declarations (DSPy's <c>format_as_litellm_function_call</c>: each argument's schema as the prompt shows it, required
/// unless it has a default) and both fields leave the signature the adapter formats and parses.
/// </summary>
internal static class NativeToolFields
{
    public static (Signature Signature, IReadOnlyDictionary<string, object?> Inputs, NativeTools Tools)? Plan(
        IAdapter adapter, Signature signature, IReadOnlyDictionary<string, object?> inputs)
    {
        if (!adapter.UseNativeFunctionCalling) return null;
        var output = signature.OutputFields.FirstOrDefault(f => f.Type.IsToolCalls);
        if (output is null) return null;
        var input = signature.InputFields.FirstOrDefault(f => f.Type.HoldsTools) ?? throw new InvalidOperationException(
            $"The output field '{output.Name}' receives tool calls, but no input gives the tools: add an input field of type list[Tool] " +
            $"(e.g. \"question, tools: list[Tool] -> {output.Name}: ToolCalls\"), or turn native function calling off on {adapter.Name}.");
        var tools = inputs.TryGetValue(input.Name, out var value) ? ToolsOf(value, input.Name) : [];
        var declarations = tools.Select(Declaration).ToArray();
        var remaining = inputs.Where(kv => kv.Key != input.Name).ToDictionary(kv => kv.Key, kv => kv.Value);
        return (signature.Delete(output.Name).Delete(input.Name), remaining, new NativeTools(declarations, output.Name, AsToolCalls: true));
    }

    /// <summary>The parse signature without the fields native calling fills (only those it has: a looser twin may differ).</summary>
    public static Signature Strip(Signature signature, string callsField)
    {
        var result = signature.Fields.Any(f => f.Name == callsField) ? signature.Delete(callsField) : signature;
        return result.InputFields.FirstOrDefault(f => f.Type.HoldsTools) is { } input ? result.Delete(input.Name) : result;
    }

    private static IReadOnlyList<AIFunction> ToolsOf(object? value, string field) => value switch
    {
        null => [],
        AIFunction one => [one],
        IEnumerable many when value is not string => [.. many.Cast<object?>().Select(v => v as AIFunction ?? throw new ArgumentException(
            $"Input '{field}' holds a {v?.GetType().Name ?? "null"}; each tool must be an AIFunction (e.g. AIFunctionFactory.Create(...)).", nameof(value)))],
        _ => throw new ArgumentException($"Input '{field}' holds a {value.GetType().Name}; give an AIFunction or a list of them.", nameof(value)),
    };

    /// <summary>One tool as DSPy declares it to the provider.</summary>
    internal static AIFunctionDeclaration Declaration(AIFunction tool)
    {
        using var parameters = System.Text.Json.JsonDocument.Parse(ReActPrompts.DeclaredParameters(tool));
        return AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description, parameters.RootElement.Clone());
    }
}
