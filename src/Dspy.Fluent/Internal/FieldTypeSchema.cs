
namespace Dspy.Fluent.Internal;

/// <summary>
/// JSON schemas for field types, in two shapes:
/// <list type="bullet">
/// <item><see cref="Write"/>: byte-for-byte what DSPy shows in a prompt's schema note, i.e. pydantic's
/// <c>TypeAdapter(T).json_schema()</c> with DSPy's key order (<c>type</c> first, the rest sorted). Records and enums
/// below the top level are <c>{"$ref": "#/$defs/Name"}</c> with their schemas under a top-level <c>"$defs"</c>; a
/// recursive record is a <c>$ref</c> even at the top.</item>
/// <item><see cref="Build"/> with <c>includeTitle: false</c>: records inlined and no titles, for structured output
/// (<see cref="JsonAdapter.OutputSchema"/>), which some providers accept only without references.</item>
/// </list>
/// </summary>
internal static class FieldTypeSchema
{
    public static string Write(FieldType type) => PythonJson.Serialize(new Pydantic(type).Schema());

    public static OrderedDictionary<string, object?> Build(FieldType type, bool includeTitle)
    {
        // pydantic's schema for Any is the empty schema (and `true` as a dict's additionalProperties, below).
        if (ReferenceEquals(type, FieldType.Any)) return [];
        if (type.IsToolCalls) return ToolCallsSchema(includeTitle);
        var m = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        switch (type.Kind)
        {
            case FieldTypeKind.String: m["type"] = "string"; break;
            case FieldTypeKind.Integer: m["type"] = "integer"; break;
            case FieldTypeKind.Float: m["type"] = "number"; break;
            case FieldTypeKind.Boolean: m["type"] = "boolean"; break;
            case FieldTypeKind.Literal:
            case FieldTypeKind.Enum:
                m["type"] = "string";
                m["enum"] = type.Choices.ToArray();
                if (type.Kind == FieldTypeKind.Enum && includeTitle) m["title"] = type.ClrType.Name;
                break;
            case FieldTypeKind.List:
                m["type"] = "array";
                m["items"] = Build(type.ElementType!, includeTitle);
                break;
            case FieldTypeKind.Dictionary:
                m["type"] = "object";
                m["additionalProperties"] = ReferenceEquals(type.ElementType, FieldType.Any) ? true : Build(type.ElementType!, includeTitle);
                break;
            case FieldTypeKind.Optional:
                m["anyOf"] = new object[] { Build(type.ElementType!, includeTitle), Ordered(("type", "null")) };
                break;
            case FieldTypeKind.Object when type.IsCitations:
                return CitationsShape(includeTitle);
            case FieldTypeKind.Object:
                var props = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in type.RecordProperties)
                {
                    var ps = Build(p.Type, includeTitle);
                    var withMeta = new SortedDictionary<string, object?>(ps, StringComparer.Ordinal);
                    if (p.Description is not null) withMeta["description"] = p.Description;
                    if (includeTitle) withMeta["title"] = Naming.SchemaTitle(p.Name);
                    props[p.Name] = TypeFirst(withMeta);
                }
                m["type"] = "object";
                m["properties"] = TypeFirst(props);
                m["required"] = type.RecordProperties.Where(p => p.Required).Select(p => p.Name).ToArray();
                if (includeTitle) m["title"] = type.ClrType.Name;
                break;
        }
        return TypeFirst(m);
    }

    // dspy.ToolCalls: {"tool_calls": [{"name": string, "args": object}]}, inlined (no $defs) for structured output.
    private static OrderedDictionary<string, object?> ToolCallsSchema(bool includeTitle)
    {
        var args = Ordered(("type", "object"), ("additionalProperties", true));
        var name = Ordered(("type", "string"));
        if (includeTitle) { args["title"] = "Args"; name["title"] = "Name"; }
        var call = Ordered(("type", "object"), ("properties", Ordered(("args", args), ("name", name))), ("required", new[] { "name", "args" }));
        var list = Ordered(("type", "array"), ("items", call));
        if (includeTitle) { call["title"] = "ToolCall"; list["title"] = "Tool Calls"; }
        var root = Ordered(("type", "object"), ("properties", Ordered(("tool_calls", list))), ("required", new[] { "tool_calls" }));
        if (includeTitle) root["title"] = "ToolCalls";
        return root;
    }

    // DSPy's Citations model: {"citations": [Citation]}, each Citation with pydantic's required and optional keys.
    private static OrderedDictionary<string, object?> CitationsShape(bool includeTitle)
    {
        var text = Build(FieldType.String, includeTitle);
        var number = Build(FieldType.Integer, includeTitle);
        var maybeText = Build(FieldType.OptionalOf(FieldType.String), includeTitle);
        var citation = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = "object",
            ["properties"] = Ordered(("type", text), ("cited_text", text), ("document_index", number), ("document_title", maybeText),
                ("start_char_index", number), ("end_char_index", number), ("supported_text", maybeText)),
            ["required"] = new[] { "cited_text", "document_index", "start_char_index", "end_char_index" },
        };
        if (includeTitle) citation["title"] = "Citation";
        var root = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = "object",
            ["properties"] = Ordered(("citations", Ordered(("type", "array"), ("items", TypeFirst(citation))))),
            ["required"] = new[] { "citations" },
        };
        if (includeTitle) root["title"] = "Citations";
        return TypeFirst(root);
    }

    /// <summary>One pydantic-shaped schema: collects the definitions of referenced records and enums while building.</summary>
    private sealed class Pydantic(FieldType root)
    {
        private readonly SortedDictionary<string, object?> _definitions = new(StringComparer.Ordinal);
        private readonly Dictionary<Type, string> _names = [];

        public OrderedDictionary<string, object?> Schema()
        {
            // pydantic inlines the top-level record or enum, unless the record refers back to itself.
            var schema = IsDefinition(root) && !RefersTo(root, root.ClrType, [])
                ? Definition(root)
                : Of(root);
            if (_definitions.Count == 0) return schema;
            var withDefinitions = new SortedDictionary<string, object?>(schema, StringComparer.Ordinal) { ["$defs"] = TypeFirst(_definitions) };
            return TypeFirst(withDefinitions);
        }

        private static bool IsDefinition(FieldType type) =>
            type.Kind == FieldTypeKind.Enum || (type.Kind == FieldTypeKind.Object && !ReferenceEquals(type, FieldType.Any));

        /// <summary>The schema of a type where it is used: records and enums become references.</summary>
        private OrderedDictionary<string, object?> Of(FieldType type)
        {
            if (ReferenceEquals(type, FieldType.Any)) return [];
            if (IsDefinition(type)) return Ordered(("$ref", $"#/$defs/{Define(type)}"));
            var m = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            switch (type.Kind)
            {
                case FieldTypeKind.String: m["type"] = "string"; break;
                case FieldTypeKind.Integer: m["type"] = "integer"; break;
                case FieldTypeKind.Float: m["type"] = "number"; break;
                case FieldTypeKind.Boolean: m["type"] = "boolean"; break;
                case FieldTypeKind.Literal:
                    m["type"] = "string";
                    m["enum"] = type.Choices.ToArray();
                    break;
                case FieldTypeKind.List:
                    m["type"] = "array";
                    m["items"] = Of(type.ElementType!);
                    break;
                case FieldTypeKind.Dictionary:
                    m["type"] = "object";
                    m["additionalProperties"] = ReferenceEquals(type.ElementType, FieldType.Any) ? true : Of(type.ElementType!);
                    break;
                case FieldTypeKind.Optional:
                    m["anyOf"] = new object[] { Of(type.ElementType!), Ordered(("type", "null")) };
                    break;
            }
            return TypeFirst(m);
        }

        /// <summary>Adds the type's schema under <c>$defs</c> (once) and returns its name there.</summary>
        private string Define(FieldType type)
        {
            if (_names.TryGetValue(type.ClrType, out var name)) return name;
            name = type.ClrType.Name;
            // Two .NET types of the same name (in different namespaces) must not share a definition.
            if (_names.ContainsValue(name)) name = (type.ClrType.FullName ?? name).Replace('.', '_').Replace('+', '_');
            _names[type.ClrType] = name;
            _definitions[name] = null; // reserved first: a recursive record refers to itself while being built
            _definitions[name] = Definition(type);
            return name;
        }

        private OrderedDictionary<string, object?> Definition(FieldType type)
        {
            var m = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["title"] = type.ClrType.Name };
            if (type.Kind == FieldTypeKind.Enum)
            {
                m["type"] = "string";
                m["enum"] = type.Choices.ToArray();
                return TypeFirst(m);
            }
            var properties = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in type.RecordProperties)
            {
                var schema = new SortedDictionary<string, object?>(Of(p.Type), StringComparer.Ordinal);
                if (p.Description is not null) schema["description"] = p.Description;
                // pydantic gives a property no title when its schema is a reference (also behind Optional).
                var inner = p.Type.Kind == FieldTypeKind.Optional ? p.Type.ElementType! : p.Type;
                if (!IsDefinition(inner)) schema["title"] = Naming.SchemaTitle(p.Name);
                // A nullable .NET property may be left out, which pydantic spells as a None default.
                if (!p.Required) schema["default"] = null;
                properties[p.Name] = TypeFirst(schema);
            }
            m["type"] = "object";
            m["properties"] = TypeFirst(properties);
            var required = type.RecordProperties.Where(p => p.Required).Select(p => p.Name).ToArray();
            if (required.Length > 0) m["required"] = required;
            if (type.RecordDescription is { } description) m["description"] = description;
            return TypeFirst(m);
        }

        /// <summary>Whether <paramref name="type"/> contains a record of <paramref name="target"/> type anywhere below it.</summary>
        private static bool RefersTo(FieldType type, Type target, HashSet<Type> visited)
        {
            switch (type.Kind)
            {
                case FieldTypeKind.List or FieldTypeKind.Dictionary or FieldTypeKind.Optional:
                    return type.ElementType is { } element && RefersTo(element, target, visited);
                case FieldTypeKind.Object when !ReferenceEquals(type, FieldType.Any):
                    if (!visited.Add(type.ClrType)) return false;
                    foreach (var p in type.RecordProperties)
                    {
                        var inner = p.Type;
                        while (inner.Kind is FieldTypeKind.List or FieldTypeKind.Dictionary or FieldTypeKind.Optional) inner = inner.ElementType!;
                        if (inner.Kind == FieldTypeKind.Object && inner.ClrType == target) return true;
                        if (RefersTo(p.Type, target, visited)) return true;
                    }
                    return false;
                default:
                    return false;
            }
        }
    }

    private static OrderedDictionary<string, object?> Ordered(params (string, object?)[] items)
    {
        var d = new OrderedDictionary<string, object?>();
        foreach (var (k, v) in items) d.Add(k, v);
        return d;
    }

    // DSPy moves "type" to the front of every mapping and sorts the rest, for LM readability.
    private static OrderedDictionary<string, object?> TypeFirst(IEnumerable<KeyValuePair<string, object?>> sorted)
    {
        var d = new OrderedDictionary<string, object?>();
        var list = sorted.ToList();
        if (list.FirstOrDefault(kv => kv.Key == "type") is { Key: not null } t) d.Add(t.Key, t.Value);
        foreach (var kv in list)
            if (!d.ContainsKey(kv.Key)) d.Add(kv.Key, kv.Value);
        return d;
    }
}
