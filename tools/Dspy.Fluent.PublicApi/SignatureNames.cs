using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Dspy.Fluent.PublicApi;

/// <summary>The generic parameter names in scope: the declaring type's, then the method's.</summary>
internal sealed record GenericNames(ImmutableArray<string> Type, ImmutableArray<string> Method)
{
    public static readonly GenericNames None = new([], []);
}

/// <summary>
/// Writes signature types the way C# spells them (<c>int</c>, <c>Dspy.Fluent.Program&lt;TIn, TOut&gt;</c>,
/// <c>string[]</c>), so a baseline line reads like the declaration it stands for.
/// </summary>
internal sealed class SignatureNames(MetadataReader reader) : ISignatureTypeProvider<string, GenericNames>
{
    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Boolean => "bool",
        PrimitiveTypeCode.Byte => "byte",
        PrimitiveTypeCode.SByte => "sbyte",
        PrimitiveTypeCode.Char => "char",
        PrimitiveTypeCode.Int16 => "short",
        PrimitiveTypeCode.UInt16 => "ushort",
        PrimitiveTypeCode.Int32 => "int",
        PrimitiveTypeCode.UInt32 => "uint",
        PrimitiveTypeCode.Int64 => "long",
        PrimitiveTypeCode.UInt64 => "ulong",
        PrimitiveTypeCode.Single => "float",
        PrimitiveTypeCode.Double => "double",
        PrimitiveTypeCode.String => "string",
        PrimitiveTypeCode.Object => "object",
        PrimitiveTypeCode.IntPtr => "nint",
        PrimitiveTypeCode.UIntPtr => "nuint",
        PrimitiveTypeCode.Void => "void",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        _ => typeCode.ToString(),
    };

    public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => Name(handle);

    public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var type = reader.GetTypeReference(handle);
        var name = WithoutArity(reader.GetString(type.Name));
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? $"{GetTypeFromReference(metadata, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind)}.{name}"
            : Qualified(reader.GetString(type.Namespace), name);
    }

    public string GetTypeFromSpecification(MetadataReader metadata, GenericNames context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, context);

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(", ", typeArguments)}>";

    public string GetGenericTypeParameter(GenericNames context, int index) => index < context.Type.Length ? context.Type[index] : $"!{index}";

    public string GetGenericMethodParameter(GenericNames context, int index) => index < context.Method.Length ? context.Method[index] : $"!!{index}";

    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

    public string GetSZArrayType(string elementType) => $"{elementType}[]";

    public string GetByReferenceType(string elementType) => $"ref {elementType}";

    public string GetPointerType(string elementType) => $"{elementType}*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetFunctionPointerType(MethodSignature<string> signature) =>
        $"delegate*<{string.Join(", ", signature.ParameterTypes.Append(signature.ReturnType))}>";

    /// <summary>A type definition's full name, nested types as <c>Outer.Inner</c>, without the <c>`1</c> arity suffix.</summary>
    public string Name(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = WithoutArity(reader.GetString(type.Name));
        var declaring = type.GetDeclaringType();
        return declaring.IsNil ? Qualified(reader.GetString(type.Namespace), name) : $"{Name(declaring)}.{name}";
    }

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : $"{ns}.{name}";

    private static string WithoutArity(string name) => name.IndexOf('`') is var tick and >= 0 ? name[..tick] : name;
}
