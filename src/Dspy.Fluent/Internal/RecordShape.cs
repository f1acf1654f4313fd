using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Dspy.Fluent.Internal;

/// <summary>One public property of a record as the LM sees it.</summary>
internal sealed record RecordProperty(PropertyInfo Property, string Name, FieldType Type, string? Description, bool Required);

/// <summary>
/// The properties of a C# or F# record in declaration order, with their prompt names and descriptions.
/// A <see cref="DescriptionAttribute"/> may sit on the property or, for C# positional records written without
/// the <c>property:</c> target, on the constructor parameter; both are honoured.
/// </summary>
internal static class RecordShape
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<RecordProperty>> Cache = new();

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static IReadOnlyList<RecordProperty> Of(Type type) => Cache.GetOrAdd(type, Build);

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static string? TypeDescription(Type type) => type.GetCustomAttribute<DescriptionAttribute>()?.Description;

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    private static IReadOnlyList<RecordProperty> Build(Type type)
    {
        var ctorParams = type.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()?.GetParameters() ?? [];
        var props = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Where(p => p.Name != "EqualityContract")
            .OrderBy(IlReader.DeclarationOrder)
            .ToList();
        var result = new List<RecordProperty>(props.Count);
        foreach (var p in props)
        {
            var param = ctorParams.FirstOrDefault(c => string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase));
            var description = p.GetCustomAttribute<DescriptionAttribute>()?.Description
                ?? param?.GetCustomAttribute<DescriptionAttribute>()?.Description;
            var name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? param?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? Naming.ToSnakeCase(p.Name);
            var fieldType = FieldTypeFor(p);
            result.Add(new RecordProperty(p, name, fieldType, description, fieldType.Kind != FieldTypeKind.Optional));
        }
        return result;
    }

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    private static FieldType FieldTypeFor(PropertyInfo p)
    {
        var t = FieldType.FromClrType(p.PropertyType);
        if (t.Kind == FieldTypeKind.Optional || p.PropertyType.IsValueType) return t;
        // A nullable reference (string?, Person?) is an optional field; the attribute-based check is the only way to see it.
        // NullabilityInfoContext caches in plain dictionaries and is not thread-safe: one per lookup (results are memoised above).
        var info = new NullabilityInfoContext().Create(p);
        return info.ReadState == NullabilityState.Nullable ? FieldType.OptionalOf(t).WithClrType(p.PropertyType) : t;
    }
}
