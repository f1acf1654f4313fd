
namespace Dspy.Fluent.Internal;

/// <summary>
/// JSON schemas shaped like pydantic's, with DSPy's key order (<c>type</c> first, the rest alphabetical), so the
/// schema note a prompt carries matches DSPy's for the same type. Nested records are inlined rather than put
/// under <c>$defs</c>: the schema stays readable for the LM and valid for structured output.
/// </summary>
internal static class FieldTypeSchema
{
    public static string Write(FieldType type) => PythonJson.Serialize(Build(type, includeTitle: true));

    public static OrderedDictionary<string, object?> Build(FieldType type, bool includeTitle)
    {
        // pydantic's schema for Any is the empty schema (and `true` as a dict's additionalProperties, below).
        if (ReferenceEquals(type, FieldType.Any)) return [];
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
            case FieldTypeKind.Object:
                var props = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in RecordShape.Of(type.ClrType))
                {
                    var ps = Build(p.Type, includeTitle);
                    var withMeta = new SortedDictionary<string, object?>(ps, StringComparer.Ordinal);
                    if (p.Description is not null) withMeta["description"] = p.Description;
                    if (includeTitle) withMeta["title"] = Naming.SchemaTitle(p.Name);
                    props[p.Name] = TypeFirst(withMeta);
                }
                m["type"] = "object";
                m["properties"] = TypeFirst(props);
                m["required"] = RecordShape.Of(type.ClrType).Where(p => p.Required).Select(p => p.Name).ToArray();
                if (includeTitle) m["title"] = type.ClrType.Name;
                break;
        }
        return TypeFirst(m);
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
