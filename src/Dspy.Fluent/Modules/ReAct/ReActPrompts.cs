using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The two signatures ReAct builds from the user's, word for word as DSPy's <c>ReAct.__init__</c> builds them, so an
/// agent's prompt (and any demos or instructions optimised for it) carries across between the libraries.
/// </summary>
internal static class ReActPrompts
{
    public const string Thought = "next_thought";
    public const string ToolName = "next_tool_name";
    public const string ToolArgs = "next_tool_args";

    /// <summary>The loop signature: the inputs plus <c>trajectory</c> → next thought, tool name (one of the tools or finish) and JSON arguments.</summary>
    public static Signature Loop(Signature signature, IReadOnlyList<AIFunction> tools)
    {
        var inputs = string.Join(", ", signature.InputFields.Select(f => $"`{f.Name}`"));
        var outputs = string.Join(", ", signature.OutputFields.Select(f => $"`{f.Name}`"));
        var lines = new List<string>();
        if (!string.IsNullOrEmpty(signature.Instructions)) lines.Add(signature.Instructions + "\n");
        lines.Add($"You are an Agent. In each episode, you will be given the fields {inputs} as input. And you can see your past trajectory so far.");
        lines.Add($"Your goal is to use one or more of the supplied tools to collect any necessary information for producing {outputs}.\n");
        lines.Add("To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, and also when finishing the task.");
        lines.Add("After each tool call, you receive a resulting observation, which gets appended to your trajectory.\n");
        lines.Add("When writing next_thought, you may reason about the current situation and plan for future steps.");
        lines.Add("When selecting the next_tool_name and its next_tool_args, the tool must be one of:\n");
        for (var i = 0; i < tools.Count; i++)
            lines.Add($"({i + 1}) {Describe(tools[i].Name, tools[i].Description, ArgumentSchemas(tools[i]))}");
        lines.Add($"({tools.Count + 1}) {Describe(ReAct.FinishTool, FinishDescription(outputs), "{}")}");
        lines.Add("When providing `next_tool_args`, the value inside the field must be in JSON format");

        var names = tools.Select(t => t.Name).Append(ReAct.FinishTool);
        return Signature.Create(signature.InputFields, string.Join("\n", lines))
            .Append(Field.Input(ReAct.TrajectoryField))
            .Append(Field.Output(Thought))
            .Append(Field.Output(ToolName, type: FieldType.LiteralOf(names)))
            .Append(Field.Output(ToolArgs, type: FieldType.DictionaryOf(FieldType.String, FieldType.Any)));
    }

    /// <summary>The loop signature as replies are read: any tool name and any argument text, so a wrong one becomes an observation the agent can correct.</summary>
    public static Signature Lenient(Signature loop) =>
        loop.WithFieldType(ToolName, FieldType.String).WithFieldType(ToolArgs, FieldType.String);

    /// <summary>The loop signature for native function calling: DSPy's instructions asking for a function call instead of the two tool fields, and <c>next_thought</c> as the only output.</summary>
    public static Signature NativeLoop(Signature loop)
    {
        var instructions = loop.Instructions
            .Replace("To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, and also when finishing the task.",
                "To do this, in each turn you will write next_thought and then call exactly one of the tools as a function, also when finishing the task.", StringComparison.Ordinal)
            .Replace("When selecting the next_tool_name and its next_tool_args, the tool must be one of:",
                "The function you call must be one of:", StringComparison.Ordinal)
            .Replace("When providing `next_tool_args`, the value inside the field must be in JSON format",
                "Pass the function its arguments as a JSON object.", StringComparison.Ordinal);
        return Signature.Create(loop.InputFields.Append(Field.Output(Thought)), instructions);
    }

    /// <summary>The function declarations offered in native mode: each tool (declaration only, never invoked by a middleware) then <c>finish</c>.</summary>
    public static IReadOnlyList<AITool> Declarations(IReadOnlyList<AIFunction> tools, Signature signature)
    {
        var outputs = string.Join(", ", signature.OutputFields.Select(f => $"`{f.Name}`"));
        using var empty = JsonDocument.Parse("""{"type": "object", "properties": {}}""");
        return
        [
            .. tools.Select(t => AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.JsonSchema)),
            AIFunctionFactory.CreateDeclaration(ReAct.FinishTool, FinishDescription(outputs), empty.RootElement.Clone()),
        ];
    }

    /// <summary>The loop signature as replies are read when an unknown tool ends the loop: the tool name must be one of the tools, any argument text is kept for the observation.</summary>
    public static Signature LenientArguments(Signature loop) => loop.WithFieldType(ToolArgs, FieldType.String);

    /// <summary>The extraction signature: the user's inputs and outputs plus <c>trajectory</c>, under the user's instructions (chain of thought is added by the caller).</summary>
    public static Signature Extract(Signature signature) =>
        Signature.Create(signature.Fields, signature.Instructions).Append(Field.Input(ReAct.TrajectoryField));

    private static string FinishDescription(string outputs) =>
        $"Marks the task as complete. That is, signals that all information for producing the outputs, i.e. {outputs}, are now available to be extracted.";

    /// <summary>DSPy's <c>str(Tool)</c> for a tool: its name, description and argument schemas.</summary>
    public static string DescribeTool(AIFunction tool) => Describe(tool.Name, tool.Description, ArgumentSchemas(tool));

    /// <summary>DSPy's <c>str(Tool)</c>: <c>name, whose description is &lt;desc&gt;…&lt;/desc&gt;. It takes arguments {…}.</c></summary>
    private static string Describe(string name, string? description, string arguments)
    {
        var desc = string.IsNullOrEmpty(description) ? "." : $", whose description is <desc>{description}</desc>.".Replace("\n", "  ", StringComparison.Ordinal);
        return $"{name}{desc} It takes arguments {arguments}.";
    }

    /// <summary>
    /// The per-argument JSON schemas (the <c>properties</c> of the function's schema) as a Python dict, each in DSPy's key
    /// order: DSPy takes an argument's schema from pydantic, which sorts schema keys (<c>items</c> before <c>type</c>),
    /// and then appends <c>default</c>; names under <c>properties</c> and <c>$defs</c> keep their order.
    /// </summary>
    private static string ArgumentSchemas(AIFunction tool) => PythonRepr.Of(ArgumentSchemaElement(tool));

    /// <summary>DSPy's <c>format_as_litellm_function_call</c> parameters: the argument schemas, required unless they have a default.</summary>
    public static string DeclaredParameters(AIFunction tool)
    {
        var arguments = ArgumentSchemaElement(tool);
        var root = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "object",
            ["properties"] = System.Text.Json.Nodes.JsonNode.Parse(arguments.GetRawText()),
            ["required"] = new System.Text.Json.Nodes.JsonArray([.. arguments.EnumerateObject().Where(a => !a.Value.TryGetProperty("default", out _))
                .Select(a => (System.Text.Json.Nodes.JsonNode?)System.Text.Json.Nodes.JsonValue.Create(a.Name))]),
        };
        return root.ToJsonString();
    }

    private static JsonElement ArgumentSchemaElement(AIFunction tool)
    {
        var ordered = new System.Text.Json.Nodes.JsonObject();
        if (tool.JsonSchema.ValueKind == JsonValueKind.Object && tool.JsonSchema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            foreach (var argument in properties.EnumerateObject())
                ordered[argument.Name] = Sorted(argument.Value, defaultLast: true);
        using var document = JsonDocument.Parse(ordered.ToJsonString());
        return document.RootElement.Clone();
    }

    private static System.Text.Json.Nodes.JsonNode? Sorted(JsonElement schema, bool defaultLast, bool keepOrder = false)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.Object:
                var members = schema.EnumerateObject().ToList();
                if (!keepOrder)
                    members = [.. members.OrderBy(m => defaultLast && m.Name == "default" ? 1 : 0).ThenBy(m => m.Name, StringComparer.Ordinal)];
                var result = new System.Text.Json.Nodes.JsonObject();
                foreach (var m in members)
                    result[m.Name] = m.Name == "default" ? System.Text.Json.Nodes.JsonNode.Parse(m.Value.GetRawText())
                        : Sorted(m.Value, defaultLast: false, keepOrder: !keepOrder && m.Name is "properties" or "$defs");
                return result;
            case JsonValueKind.Array:
                return new System.Text.Json.Nodes.JsonArray(schema.EnumerateArray().Select(e => Sorted(e, defaultLast: false)).ToArray());
            default:
                return System.Text.Json.Nodes.JsonNode.Parse(schema.GetRawText());
        }
    }

    /// <summary>Named values as DSPy's adapter formats a trajectory for the extraction: one <c>[[ ## key ## ]]</c> block each.</summary>
    public static string FormatBlocks(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append("[[ ## ").Append(key).Append(" ## ]]\n").Append(value);
        }
        return PyText.Strip(sb.ToString());
    }

    /// <summary>The trajectory as DSPy formats it: one <c>[[ ## key_i ## ]]</c> block per thought, tool name, arguments and observation.</summary>
    public static string FormatTrajectory(IReadOnlyList<ReActStep> steps, int from)
    {
        var sb = new StringBuilder();
        for (var i = from; i < steps.Count; i++)
        {
            var s = steps[i];
            Block(sb, "thought", s.Index, s.Thought);
            Block(sb, "tool_name", s.Index, s.ToolName);
            Block(sb, "tool_args", s.Index, s.ToolArgs);
            Block(sb, "observation", s.Index, s.Observation);
        }
        return PyText.Strip(sb.ToString());
    }

    private static void Block(StringBuilder sb, string key, int index, string value)
    {
        if (sb.Length > 0) sb.Append("\n\n");
        sb.Append("[[ ## ").Append(key).Append('_').Append(index).Append(" ## ]]\n").Append(value);
    }
}
