using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Dspy.Fluent;

/// <summary>An MCP tool as an agent tool: DSPy's argument schemas, a call through the client, the result as DSPy converts it.</summary>
internal sealed class McpAgentTool : AIFunction
{
    private readonly McpClientTool _tool;
    private readonly McpToolResultMode _mode;
    private readonly HashSet<string> _arguments;
    private readonly bool _openArguments;

    public McpAgentTool(McpClientTool tool, McpToolResultMode mode)
    {
        _tool = tool;
        _mode = mode;
        JsonSchema = ArgumentSchemas(tool.JsonSchema);
        _arguments = JsonSchema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        _openArguments = tool.JsonSchema.ValueKind == JsonValueKind.Object
            && tool.JsonSchema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind != JsonValueKind.False;
    }

    public override string Name => _tool.Name;

    public override string Description => _tool.Description;

    public override JsonElement JsonSchema { get; }

    public override JsonSerializerOptions JsonSerializerOptions => _tool.JsonSerializerOptions;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var unknown = arguments.Keys.FirstOrDefault(k => !_arguments.Contains(k));
        if (unknown is not null && !_openArguments)
            throw new ArgumentException($"Arg {unknown} is not in the tool's args. The tool '{Name}' takes: {(_arguments.Count == 0 ? "no arguments" : string.Join(", ", _arguments))}.");
        var result = await _tool.CallAsync(arguments.ToDictionary(p => p.Key, p => p.Value), cancellationToken: cancellationToken).ConfigureAwait(false);
        return Observation(result);
    }

    /// <summary>DSPy's conversion: the texts (one text alone), an error result as an exception, else the other contents.</summary>
    private object? Observation(CallToolResult result)
    {
        var texts = result.Content.OfType<TextContentBlock>().Select(t => t.Text).ToArray();
        if (result.IsError == true)
            throw new McpToolException(Name, texts.Length == 1 ? texts[0] : PythonList(texts));
        if (_mode == McpToolResultMode.Structured && result.StructuredContent is { } structured)
            return structured;
        if (texts.Length == 1) return texts[0];
        if (texts.Length > 1) return texts;
        var others = result.Content.Where(c => c is not TextContentBlock).ToArray();
        if (others.Length == 0) return Array.Empty<string>();
        // Through the MCP library's own (source-generated) contract for content blocks, so trimmed and AOT apps keep it.
        var blockInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ContentBlock));
        var blocks = new JsonArray([.. others.Select(b => JsonSerializer.SerializeToNode(b, blockInfo))]);
        return JsonDocument.Parse(blocks.ToJsonString()).RootElement.Clone();
    }

    /// <summary>The input schema with every <c>$ref</c> into its <c>$defs</c> expanded and <c>$defs</c> removed, as DSPy does before printing the arguments.</summary>
    private static JsonElement ArgumentSchemas(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("$defs", out var defs) || defs.ValueKind != JsonValueKind.Object)
            return schema;
        var root = JsonNode.Parse(schema.GetRawText())!.AsObject();
        var definitions = root["$defs"]!.AsObject();
        root.Remove("$defs");
        var resolved = Resolve(root, definitions, depth: 0);
        return JsonDocument.Parse(resolved?.ToJsonString() ?? "null").RootElement.Clone();
    }

    private static JsonNode? Resolve(JsonNode? node, JsonObject definitions, int depth)
    {
        if (depth > 64)
            throw new InvalidOperationException("An MCP tool's input schema refers to itself through $ref more than 64 levels deep; a recursive schema cannot be expanded into argument schemas.");
        switch (node)
        {
            case JsonObject o when o.TryGetPropertyValue("$ref", out var reference) && reference is JsonValue v && v.TryGetValue<string>(out var path):
                var name = path[(path.LastIndexOf('/') + 1)..];
                if (definitions[name] is not { } target)
                    throw new InvalidOperationException($"An MCP tool's input schema refers to '{path}', which its $defs do not define.");
                return Resolve(target.DeepClone(), definitions, depth + 1);
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o) copy[key] = Resolve(value?.DeepClone(), definitions, depth);
                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(item => Resolve(item?.DeepClone(), definitions, depth)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Python's repr of a list of strings, as DSPy's message shows several texts.</summary>
    private static string PythonList(IEnumerable<string> texts)
    {
        var sb = new StringBuilder("[");
        foreach (var text in texts)
        {
            if (sb.Length > 1) sb.Append(", ");
            var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
            sb.Append(quote);
            foreach (var c in text)
            {
                if (c == '\\' || c == quote) sb.Append('\\');
                if (c == '\n') { sb.Append("\\n"); continue; }
                sb.Append(c);
            }
            sb.Append(quote);
        }
        return sb.Append(']').ToString();
    }
}
