using System.Text.Json;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Asks for the output fields as one JSON object, through structured output (<see cref="ChatOptions.ResponseFormat"/>
/// with a JSON schema of the outputs: every field required, no extra properties). Prompts match DSPy's <c>JSONAdapter</c>.
/// </summary>
/// <remarks>Corresponds to <c>dspy.JSONAdapter</c>. Parsing accepts what DSPy's <c>json_repair</c> accepts in the common
/// cases: code fences, prose around the object, unquoted keys, single quotes, trailing or missing commas, comments,
/// Python-style literals, and a reply cut off before its closing brackets. A reply with an object that cannot be read
/// this way is a <see cref="ParseFailure.Malformed"/> error naming the line, column and what was expected.</remarks>
public sealed class JsonAdapter : ChatAdapter
{
    /// <summary>The schema name sent with the response format, as DSPy names it.</summary>
    public const string SchemaName = "DSPyProgramOutputs";

    /// <summary>A shared instance.</summary>
    public static new JsonAdapter Default { get; } = new();

    /// <summary>Creates a JSON adapter (it has no fallback of its own), with native function calling on, as DSPy's <c>JSONAdapter</c>.</summary>
    public JsonAdapter() : base(useJsonFallback: false) => UseNativeFunctionCalling = true;

    /// <inheritdoc />
    public override string Name => "JsonAdapter";

    /// <summary>A reader for JSON replies: string values as they arrive (escapes decoded), other values once complete.</summary>
    /// <param name="signature">The signature whose outputs the reply holds.</param>
    /// <example><code>var reader = JsonAdapter.Default.CreateStreamReader(Signature.Parse("question -> answer"));</code></example>
    public override IFieldStreamReader? CreateStreamReader(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new JsonFieldStreamReader(signature);
    }

    /// <inheritdoc />
    public override ChatOptions ConfigureOptions(Signature signature, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(options);
        options.ResponseFormat = ResponseFormatFor(signature);
        return options;
    }

    // The response format depends only on the (immutable) signature, and building its schema serializes and re-parses
    // JSON: once per signature instead of once per LM call. ChatResponseFormatJson is immutable, so sharing it is safe.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Signature, ChatResponseFormat> _formats = new();

    private ChatResponseFormat ResponseFormatFor(Signature signature)
    {
        if (_formats.TryGetValue(signature, out var format)) return format;
        // Structured output cannot describe open-ended maps, and DSPy found it works badly for ToolCalls written as text:
        // plain JSON mode for both. With native function calling a ToolCalls field is not part of the text reply.
        var toolCalls = signature.OutputFields.Any(f => f.Type.IsToolCalls);
        format = HasOpenMapping(signature) || (toolCalls && !UseNativeFunctionCalling)
            ? ChatResponseFormat.Json
            : ChatResponseFormat.ForJsonSchema(OutputSchema(signature.OutputFields.Where(f => f.Type.IsToolCalls).Aggregate(signature, (s, f) => s.Delete(f.Name))), SchemaName);
        _formats.AddOrUpdate(signature, format);
        return format;
    }

    /// <summary>The JSON schema of the signature's outputs: an object with every output field required and nothing else.</summary>
    /// <param name="signature">The signature.</param>
    public static JsonElement OutputSchema(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var properties = new OrderedDictionary<string, object?>();
        foreach (var f in signature.OutputFields)
        {
            var schema = FieldTypeSchema.Build(f.Type, includeTitle: false);
            if (f.Description is not null) schema["description"] = f.Description;
            properties[f.Name] = StrictObjects(schema);
        }
        var root = new OrderedDictionary<string, object?>
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = signature.OutputFields.Select(f => f.Name).ToArray(),
            ["additionalProperties"] = false,
            ["title"] = SchemaName,
        };
        return JsonDocument.Parse(PythonJson.Serialize(root)).RootElement.Clone();
    }

    private static OrderedDictionary<string, object?> StrictObjects(OrderedDictionary<string, object?> schema)
    {
        if (schema.TryGetValue("properties", out var p) && p is OrderedDictionary<string, object?> props)
        {
            foreach (var key in props.Keys.ToList()) props[key] = StrictObjects((OrderedDictionary<string, object?>)props[key]!);
            schema["additionalProperties"] = false;
        }
        if (schema.TryGetValue("items", out var items) && items is OrderedDictionary<string, object?> itemSchema)
            schema["items"] = StrictObjects(itemSchema);
        return schema;
    }

    private static bool HasOpenMapping(Signature signature) =>
        signature.OutputFields.Any(f => f.Type.Kind == FieldTypeKind.Dictionary);

    private protected override string FormatFieldStructure(Signature signature) =>
        PyText.JoinStrip("\n\n", [
            "All interactions will be structured in the following way, with the appropriate values filled in.",
            "Inputs will have the following structure:",
            FieldsWithValues(signature.InputFields.Select(f => (f, (object?)Placeholder(f)))),
            "Outputs will be a JSON object with the following fields.",
            PythonJson.Serialize(ToMap(signature.OutputFields.Select(f => (f.Name, (object?)Placeholder(f)))), indent: 2),
        ]);

    private protected override string OutputRequirements(Signature signature) =>
        "Respond with a JSON object in the following order of fields: " +
        string.Join(", then ", signature.OutputFields.Select(f => $"`{f.Name}`{TypeInfo(f)}")) + ".";

    private protected override string FormatReply(Signature signature, IReadOnlyDictionary<string, object?> outputs, string missing) =>
        PythonJson.Serialize(ToMap(signature.OutputFields.Select(f => (f.Name, outputs.TryGetValue(f.Name, out var v) ? v : missing))), indent: 2);

    /// <summary>Reads the output fields from a JSON object in the reply.</summary>
    /// <param name="signature">The signature whose outputs are expected.</param>
    /// <param name="reply">The reply text.</param>
    /// <exception cref="AdapterParseException">No JSON object, a missing field, or a value that does not fit its type.</exception>
    public override Prediction Parse(Signature signature, string reply)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(reply);
        if (!JsonRepair.TryParse(reply, out var root, out var error) || root.ValueKind != JsonValueKind.Object)
        {
            var inner = JsonRepair.ExtractObject(reply);
            string? innerError = null;
            if (inner is null || !JsonRepair.TryParse(inner, out root, out innerError) || root.ValueKind != JsonValueKind.Object)
            {
                // A reply with a brace in it tried to be an object: say what is wrong with it rather than that it is missing.
                if (!reply.Contains('{') || (inner is null && error is null))
                    throw new AdapterParseException(Name, signature, reply, [], ParseFailure.Unstructured, "no JSON object in the reply");
                throw new AdapterParseException(Name, signature, reply, [], ParseFailure.Malformed, innerError ?? error);
            }
        }
        var outputs = signature.OutputFields;
        var found = outputs.Where(f => root.TryGetProperty(f.Name, out _)).Select(f => f.Name).ToList();
        var entries = new KeyValuePair<string, object?>[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var field = outputs[i];
            if (!root.TryGetProperty(field.Name, out var value))
            {
                if (field.Type.Kind == FieldTypeKind.Optional) { entries[i] = new(field.Name, null); continue; }
                throw new AdapterParseException(Name, signature, reply, found, ParseFailure.MissingFields);
            }
            try
            {
                entries[i] = new(field.Name, FieldValueParser.FromJson(value, field.Type));
            }
            catch (FormatException e)
            {
                throw new AdapterParseException(Name, signature, reply, found, ParseFailure.WrongType,
                    $"field '{field.Name}' ({field.Type.PythonName}): {e.Message}", e);
            }
        }
        return new Prediction(entries, owned: true);
    }

    private static OrderedDictionary<string, object?> ToMap(IEnumerable<(string Key, object? Value)> items)
    {
        var map = new OrderedDictionary<string, object?>();
        foreach (var (k, v) in items) map[k] = v;
        return map;
    }
}
