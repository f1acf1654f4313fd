using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Dspy.Fluent.Internal;

/// <summary>Maps .NET types to field types, memoised because typed signatures ask on every construction.</summary>
internal static class ClrFieldTypes
{
    private static readonly ConcurrentDictionary<Type, FieldType> Cache = new();

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static FieldType From(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Cache.GetOrAdd(type, Build);
    }

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    private static FieldType Build(Type type)
    {
        if (type == typeof(string)) return FieldType.String;
        if (type == typeof(ConversationHistory)) return FieldType.History;
        if (type == typeof(Image)) return FieldType.Image;
        if (type == typeof(Audio)) return FieldType.Audio;
        if (type == typeof(FileInput)) return FieldType.File;
        if (type == typeof(Document)) return FieldType.Document;
        if (type == typeof(Citations)) return FieldType.Citations;
        if (type == typeof(Code)) return FieldType.Code;
        if (type == typeof(ToolCalls)) return FieldType.ToolCalls;
        if (typeof(Microsoft.Extensions.AI.AIFunction).IsAssignableFrom(type)) return FieldType.Tool;
        if (type == typeof(long)) return FieldType.Integer;
        if (type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) ||
            type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte))
            return FieldType.Create(FieldTypeKind.Integer, type, "int");
        if (type == typeof(double)) return FieldType.Float;
        if (type == typeof(float) || type == typeof(decimal)) return FieldType.Create(FieldTypeKind.Float, type, "float");
        if (type == typeof(bool)) return FieldType.Boolean;
        if (type.IsEnum) return FieldType.EnumOf(type);
        if (Nullable.GetUnderlyingType(type) is { } underlying) return FieldType.OptionalOf(From(underlying));
        if (type.IsArray && type.GetArrayRank() == 1) return ListOfClr(type.GetElementType()!, type);
        if (type.IsGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (def == typeof(IReadOnlyList<>) || def == typeof(List<>) || def == typeof(IList<>) ||
                def == typeof(IEnumerable<>) || def == typeof(IReadOnlyCollection<>) || def == typeof(ICollection<>))
                return ListOfClr(args[0], type);
            if (def == typeof(IReadOnlyDictionary<,>) || def == typeof(Dictionary<,>) || def == typeof(IDictionary<,>))
            {
                var generic = FieldType.DictionaryOf(From(args[0]), From(args[1]));
                return generic.ClrType == type ? generic : Retyped(generic, type);
            }
            if (def.FullName == "Microsoft.FSharp.Collections.FSharpList`1") return ListOfClr(args[0], type);
        }
        if (type == typeof(object) || type.IsPrimitive || type.IsPointer)
            throw new ArgumentException($"The type {type.Name} cannot be a signature field: use string, a number, bool, an enum, a list, a dictionary or a record.");
        return FieldType.ObjectOf(type);
    }

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    private static FieldType ListOfClr(Type element, Type declared)
    {
        var generic = FieldType.ListOf(From(element));
        return generic.ClrType == declared ? generic : Retyped(generic, declared);
    }

    // A field declared as string[] or List<string> keeps its declared CLR type so values convert straight to it.
    private static FieldType Retyped(FieldType t, Type clr) => t.WithClrType(clr);
}
