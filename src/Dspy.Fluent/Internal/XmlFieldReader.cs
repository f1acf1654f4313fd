using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Turns the elements of one output field into its value the way DSPy's <c>XMLAdapter</c> does: first a plain tree
/// (<c>_elements_to_value</c>: text, lists of <c>&lt;item&gt;</c>s, dicts of child tags), then the field's type
/// (<c>parse_value</c>, then pydantic's lax validation for lists, dicts and records).
/// </summary>
/// <remarks>
/// Tree values are <see cref="string"/>, <see cref="List{T}"/> of values, <see cref="OrderedDictionary{TKey, TValue}"/>
/// of values, or null. Conversion errors are <see cref="FormatException"/>s whose message starts with the path of the
/// value that did not fit (<c>people[1].age</c>).
/// </remarks>
internal static class XmlFieldReader
{
    /// <summary>Child elements by tag, in order of first appearance; an <c>&lt;entry key="…"&gt;</c> counts under its key.</summary>
    public static OrderedDictionary<string, List<XmlNode>> GroupChildren(XmlNode element)
    {
        var groups = new OrderedDictionary<string, List<XmlNode>>(StringComparer.Ordinal);
        foreach (var child in element.Children)
        {
            var name = child.Tag == "entry" ? child.Attribute("key") ?? child.Tag : child.Tag;
            if (!groups.TryGetValue(name, out var list)) groups.Add(name, list = []);
            list.Add(child);
        }
        return groups;
    }

    /// <summary>The field's value from its elements (all elements with its tag at the top level of the reply).</summary>
    public static object? Read(IReadOnlyList<XmlNode> elements, FieldType type, string name)
    {
        var tree = ToTree(elements, type);
        if (tree is null) return null; // only an Optional field's empty element gives null
        if (type.IsString)
            return tree as string ?? PythonRepr((List<object?>)tree); // DSPy's str(value) of several <field> texts
        if (tree is string text) return FieldValueParser.Parse(text, type); // same path as a ChatAdapter field's text
        var json = Validate(tree, type, name);
        if (json is null) return null;
        JsonElement element;
        try
        {
            element = DspyJson.SerializeToElement(json, typeof(JsonNode));
        }
        catch (JsonException e)
        {
            throw new FormatException($"the value is nested too deeply to convert ({e.Message}).", e);
        }
        return FieldValueParser.FromJson(element, type);
    }

    // --- _elements_to_value -------------------------------------------------------------------------------------

    private static object? ToTree(IReadOnlyList<XmlNode> elements, FieldType type)
    {
        if (type.Kind == FieldTypeKind.Optional)
        {
            var first = elements[0];
            if (first.Children.Count == 0 && PyText.Strip(first.Text ?? "").Length == 0) return null;
            type = type.ElementType!;
        }
        if (type.Kind == FieldTypeKind.List)
        {
            if (elements.Count == 1 && elements[0].Children.Count == 0)
            {
                var text = PyText.Strip(elements[0].Text ?? "");
                if (text.Length == 0) return new List<object?>();
                if (text.StartsWith('[')) return text; // a JSON list written as text; parsed like ChatAdapter text
            }
            if (elements.Count == 1 && GroupChildren(elements[0]).TryGetValue("item", out var items)) elements = items;
            var list = new List<object?>(elements.Count);
            foreach (var element in elements) list.Add(ToTree([element], type.ElementType!));
            return list;
        }

        var node = elements[0];
        if (IsStringSchema(type) && node.Children.Count > 0)
        {
            // Markup inside a text field is handed back as markup, as ElementTree serializes it.
            var sb = new StringBuilder(node.Text ?? "");
            foreach (var child in node.Children) child.WriteTo(sb);
            return sb.ToString();
        }
        var children = GroupChildren(node);
        if (children.Count == 0)
        {
            if (IsObjectSchema(type) && PyText.Strip(node.Text ?? "").Length == 0) return new OrderedDictionary<string, object?>();
            if (elements.Count == 1) return PyText.Strip(node.Text ?? "");
            return elements.Select(e => (object?)PyText.Strip(e.Text ?? "")).ToList();
        }
        var properties = IsRecord(type) ? type.RecordProperties : [];
        var otherType = type.Kind == FieldTypeKind.Dictionary ? type.ElementType! : FieldType.Any;
        var map = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, items) in children)
            map[name] = ToTree(items, properties.FirstOrDefault(p => p.Name == name)?.Type ?? otherType);
        return map;
    }

    // The JSON schema "type" DSPy looks at: enums and literals are strings too; Any has no type at all.
    private static bool IsStringSchema(FieldType type) => type.Kind is FieldTypeKind.String or FieldTypeKind.Enum or FieldTypeKind.Literal;

    private static bool IsObjectSchema(FieldType type) => type.Kind == FieldTypeKind.Dictionary || IsRecord(type);

    private static bool IsRecord(FieldType type) => type.Kind == FieldTypeKind.Object && !ReferenceEquals(type, FieldType.Any);

    // --- validation of a tree (pydantic's lax mode, as DSPy's parse_value hands non-text values to it) -------------

    private static JsonNode? Validate(object? value, FieldType type, string path)
    {
        if (type.Kind == FieldTypeKind.Optional) return value is null ? null : Validate(value, type.ElementType!, path);
        if (ReferenceEquals(type, FieldType.Any)) return AnyNode(value);
        if (value is null) throw new FormatException($"{At(path)}an empty tag is not a valid {type.PythonName}.");
        switch (type.Kind)
        {
            case FieldTypeKind.List:
                if (value is not List<object?> items) throw Mismatch(value, type, path, "a list of <item> tags");
                var array = new JsonArray();
                for (var i = 0; i < items.Count; i++) array.Add(Validate(items[i], type.ElementType!, $"{path}[{i}]"));
                return array;
            case FieldTypeKind.Dictionary:
                if (value is not OrderedDictionary<string, object?> entries) throw Mismatch(value, type, path, "one child tag per key");
                var map = new JsonObject();
                foreach (var (key, item) in entries) map[key] = Validate(item, type.ElementType!, $"{path}.{key}");
                return map;
            case FieldTypeKind.Object:
                if (value is not OrderedDictionary<string, object?> members) throw Mismatch(value, type, path, "one child tag per property");
                var record = new JsonObject();
                foreach (var p in type.RecordProperties)
                {
                    // Tags the record does not declare are ignored, as pydantic ignores extra keys.
                    if (members.TryGetValue(p.Name, out var member)) record[p.Name] = Validate(member, p.Type, $"{path}.{p.Name}");
                    else if (p.Required) throw new FormatException($"{At(path)}<{p.Name}> is missing; {type.PythonName} requires it.");
                }
                return record;
            default:
                if (value is not string text) throw Mismatch(value, type, path, "text");
                try
                {
                    return Scalar(FieldValueParser.Parse(text, type));
                }
                catch (FormatException e)
                {
                    throw new FormatException(At(path) + e.Message, e);
                }
        }
    }

    private static JsonNode? Scalar(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        Enum e => JsonValue.Create(EnumText.Name(e)),
        double d when !double.IsFinite(d) => throw new FormatException($"{PythonFloat.Format(d)} is not a finite number."),
        _ => DspyJson.SerializeToNode(value, value.GetType()),
    };

    private static JsonNode? AnyNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        List<object?> items => new JsonArray([.. items.Select(AnyNode)]),
        OrderedDictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, AnyNode(kv.Value)))),
        _ => throw new InvalidOperationException($"Unexpected tree value {value.GetType().Name}."),
    };

    private static FormatException Mismatch(object value, FieldType type, string path, string expected)
    {
        var found = value switch
        {
            string s => $"the text '{ValueConverter.Preview(s)}'",
            List<object?> l => $"{l.Count} repeated tags",
            _ => "nested tags",
        };
        return new FormatException($"{At(path)}expected {expected} for {type.PythonName}, found {found}.");
    }

    // The field itself needs no path (the error already names it); a value inside it does: people[1].age. A field name
    // is an identifier, so a path with '.' or '[' is always below the field.
    private static string At(string path) => path.AsSpan().IndexOfAny('.', '[') < 0 ? "" : path + ": ";

    // --- Python's str() of a list of strings ----------------------------------------------------------------------

    private static string PythonRepr(List<object?> items)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            AppendRepr(sb, (string)items[i]!);
        }
        return sb.Append(']').ToString();
    }

    /// <summary>Python's <c>repr(str)</c>: single quotes unless the text has one and no double quote; escapes as Python does.</summary>
    private static void AppendRepr(StringBuilder sb, string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == quote || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) sb.Append(c).Append(s[++i]);
            else if (IsPrintable(c)) sb.Append(c);
            else if (c < 0x100) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        sb.Append(quote);
    }

    // str.isprintable: everything but control, format, surrogate, private-use, unassigned and separator characters
    // (the ASCII space excepted).
    private static bool IsPrintable(char c) => c == ' ' || CharUnicodeInfo.GetUnicodeCategory(c) is not (
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or
        UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or
        UnicodeCategory.ParagraphSeparator);
}
