using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Dspy.Fluent.PublicApi;

/// <summary>
/// An assembly's public surface as one line per type and member, read from metadata (nothing is loaded or run, so any
/// compiler's output works: F#, whose modules are static classes, whose curried functions are methods with every argument).
/// </summary>
/// <remarks>
/// Covered: public types (nested ones inside visible types), their public and protected methods, constructors, property
/// and event accessors and fields, with modifiers (<c>static</c>, <c>abstract</c>, <c>virtual</c>, <c>override</c>),
/// parameter names and return types. Not covered: nullable annotations, default values, attributes and interface lists.
/// </remarks>
internal static class PublicSurface
{
    public static IReadOnlyList<string> Of(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new SignatureNames(reader);
        var lines = new SortedSet<string>(ApiLineOrder.Instance);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (!IsVisible(reader, type)) continue;
            var typeGenerics = GenericNamesOf(reader, type.GetGenericParameters());
            var typeName = names.Name(handle) + Arguments(typeGenerics);
            lines.Add($"{Kind(reader, type)} {typeName}".TrimStart());
            var isEnum = IsEnum(reader, type);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                if (!IsVisible(field.Attributes) || (field.Attributes & FieldAttributes.SpecialName) != 0) continue;
                var fieldType = field.DecodeSignature(names, new GenericNames(typeGenerics, []));
                var name = reader.GetString(field.Name);
                lines.Add(isEnum
                    ? $"{typeName}.{name} -> {typeName}"
                    : $"{FieldModifiers(field.Attributes)}{typeName}.{name} -> {fieldType}");
            }
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (!IsVisible(method.Attributes)) continue;
                lines.Add(Method(reader, names, typeName, typeGenerics, method));
            }
        }
        return [.. lines];
    }

    private static string Method(MetadataReader reader, SignatureNames names, string typeName, ImmutableArray<string> typeGenerics, MethodDefinition method)
    {
        var methodGenerics = GenericNamesOf(reader, method.GetGenericParameters());
        var signature = method.DecodeSignature(names, new GenericNames(typeGenerics, methodGenerics));
        var name = reader.GetString(method.Name);
        var modifiers = MethodModifiers(method.Attributes);
        if ((method.Attributes & MethodAttributes.SpecialName) != 0 && Accessor(name) is var (member, accessor))
            return $"{modifiers}{typeName}.{member}.{accessor} -> {signature.ReturnType}";
        var parameterNames = new string?[signature.ParameterTypes.Length];
        foreach (var parameterHandle in method.GetParameters())
        {
            var parameter = reader.GetParameter(parameterHandle);
            if (parameter.SequenceNumber > 0 && parameter.SequenceNumber <= parameterNames.Length)
                parameterNames[parameter.SequenceNumber - 1] = reader.GetString(parameter.Name);
        }
        var parameters = string.Join(", ", signature.ParameterTypes.Select((t, i) => parameterNames[i] is { Length: > 0 } p ? $"{t} {p}" : t));
        // A constructor reads as C# writes it, Type.Type(…), which keeps it next to its type when sorted.
        var shown = name is ".ctor" or ".cctor" ? ShortName(typeName) : name;
        return $"{modifiers}{typeName}.{shown}{Arguments(methodGenerics)}({parameters}) -> {signature.ReturnType}";
    }

    private static (string Member, string Accessor)? Accessor(string name)
    {
        foreach (var (prefix, accessor) in new[] { ("get_", "get"), ("set_", "set"), ("add_", "add"), ("remove_", "remove"), ("raise_", "raise") })
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return (name[prefix.Length..], accessor);
        return null;
    }

    private static string ShortName(string typeName)
    {
        var withoutArguments = typeName.IndexOf('<') is var lt and >= 0 ? typeName[..lt] : typeName;
        return withoutArguments[(withoutArguments.LastIndexOf('.') + 1)..];
    }

    private static string Arguments(ImmutableArray<string> generics) => generics.IsEmpty ? "" : $"<{string.Join(", ", generics)}>";

    private static ImmutableArray<string> GenericNamesOf(MetadataReader reader, GenericParameterHandleCollection parameters) =>
        [.. parameters.Select(p => reader.GetString(reader.GetGenericParameter(p).Name))];

    private static bool IsVisible(MetadataReader reader, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (visibility == TypeAttributes.Public) return true;
        if (visibility is not (TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem)) return false;
        return IsVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
    }

    private static bool IsVisible(MethodAttributes attributes) =>
        (attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    private static bool IsVisible(FieldAttributes attributes) =>
        (attributes & FieldAttributes.FieldAccessMask) is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem;

    private static string Kind(MetadataReader reader, TypeDefinition type)
    {
        var attributes = type.Attributes;
        if ((attributes & TypeAttributes.Interface) != 0) return "interface";
        var baseType = BaseTypeName(reader, type);
        if (baseType is "System.Enum") return "enum";
        if (baseType is "System.ValueType") return "struct";
        if (baseType is "System.MulticastDelegate") return "delegate";
        var isAbstract = (attributes & TypeAttributes.Abstract) != 0;
        var isSealed = (attributes & TypeAttributes.Sealed) != 0;
        return (isAbstract, isSealed) switch
        {
            (true, true) => "static class",
            (true, false) => "abstract class",
            (false, true) => "sealed class",
            _ => "class",
        };
    }

    private static bool IsEnum(MetadataReader reader, TypeDefinition type) => BaseTypeName(reader, type) is "System.Enum";

    private static string? BaseTypeName(MetadataReader reader, TypeDefinition type)
    {
        if (type.BaseType.IsNil || type.BaseType.Kind != HandleKind.TypeReference) return null;
        var reference = reader.GetTypeReference((TypeReferenceHandle)type.BaseType);
        return $"{reader.GetString(reference.Namespace)}.{reader.GetString(reference.Name)}";
    }

    private static string MethodModifiers(MethodAttributes attributes)
    {
        if ((attributes & MethodAttributes.Static) != 0) return "static ";
        if ((attributes & MethodAttributes.Abstract) != 0) return "abstract ";
        if ((attributes & MethodAttributes.Virtual) == 0 || (attributes & MethodAttributes.Final) != 0) return "";
        return (attributes & MethodAttributes.NewSlot) != 0 ? "virtual " : "override ";
    }

    private static string FieldModifiers(FieldAttributes attributes) =>
        (attributes & FieldAttributes.Literal) != 0 ? "const " :
        (attributes & FieldAttributes.Static) != 0 ? ((attributes & FieldAttributes.InitOnly) != 0 ? "static readonly " : "static ") :
        (attributes & FieldAttributes.InitOnly) != 0 ? "readonly " : "";
}
