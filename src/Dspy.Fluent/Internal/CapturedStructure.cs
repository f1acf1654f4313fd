using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The structure a lambda brings into a program: the predictors and programs it captured. A lambda such as
/// <c>q =&gt; answer.Call(…)</c> is a delegate whose target is the compiler's closure object, and the captured
/// <c>answer</c> is one of its fields, so reading those fields when the program is composed declares what the lambda can
/// call, without running it.
/// </summary>
/// <remarks>
/// Followed: closure objects (C# display classes, F# closures), delegates they hold, arrays and collections of
/// predictors or programs, and the static fields and auto-properties the lambda's code reads (<see cref="StaticReferences"/>).
/// An object of the user's own (a captured <c>this</c>) is read one level deep only, so a service that holds many
/// programs does not pull them all in. Not seen: predictors returned by methods or built inside the lambda; the run-time
/// check reports those with the line to add.
/// </remarks>
internal static class CapturedStructure
{
    private const int MaxDepth = 6;
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> Fields = new();

    public static ProgramStructure Of(params Delegate?[] delegates)
    {
        List<ProgramStructure>? parts = null;
        List<IPredictor>? predictors = null;
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var d in delegates)
        {
            if (d is null) continue;
            if (d.Target is { } target) Visit(target, 0, ref parts, ref predictors, visited);
            foreach (var field in StaticReferences.Of(d.Method))
                if (field.GetValue(null) is { } value) Visit(value, 1, ref parts, ref predictors, visited);
        }
        if (parts is null && predictors is null) return ProgramStructure.Empty;
        parts ??= [];
        if (predictors is not null) parts.Insert(0, ProgramStructure.Of(predictors));
        return ProgramStructure.Combine(parts);
    }

    private static void Visit(object value, int depth, ref List<ProgramStructure>? parts, ref List<IPredictor>? predictors, HashSet<object> visited)
    {
        if (depth > MaxDepth || !visited.Add(value)) return;
        switch (value)
        {
            case IPredictor p when value is not IProgram:
                (predictors ??= []).Add(p);
                return;
            case IProgram program:
                (parts ??= []).Add(program.Structure);
                return;
            case Delegate d:
                if (d.Target is { } target) Visit(target, depth + 1, ref parts, ref predictors, visited);
                foreach (var field in StaticReferences.Of(d.Method))
                    if (field.GetValue(null) is { } fieldValue) Visit(fieldValue, depth + 1, ref parts, ref predictors, visited);
                return;
            case string:
                return;
        }
        var type = value.GetType();
        if (value is IEnumerable items && HoldsStructure(type))
        {
            foreach (var item in items)
                if (item is not null) Visit(item, depth + 1, ref parts, ref predictors, visited);
            return;
        }
        if (type.IsPrimitive || type.IsEnum || type.IsPointer) return;
        var closure = IlReader.IsCompilerGenerated(type);
        foreach (var field in FieldsOf(type))
        {
            var fieldValue = field.GetValue(value);
            if (fieldValue is null) continue;
            // A closure is followed wherever it leads; an object of the user's (a captured `this`) only to the predictors,
            // programs and collections of them in its own fields, so a service holding many programs is not walked.
            if (closure ? !IsUserObject(fieldValue) : IsStructure(fieldValue))
                Visit(fieldValue, depth + 1, ref parts, ref predictors, visited);
            else if (closure && visited.Add(fieldValue))
                foreach (var userField in FieldsOf(fieldValue.GetType()))
                    if (userField.GetValue(fieldValue) is { } member && IsStructure(member))
                        Visit(member, depth + 1, ref parts, ref predictors, visited);
        }
    }

    private static bool IsStructure(object value) =>
        value is IPredictor or IProgram || (value is IEnumerable && value is not string && HoldsStructure(value.GetType()));

    private static bool IsUserObject(object value) =>
        value is not (IPredictor or IProgram or Delegate or string) && !IsStructure(value) && !IlReader.IsCompilerGenerated(value.GetType()) &&
        !value.GetType().IsPrimitive && !value.GetType().IsEnum;

    /// <summary>Arrays and materialised collections whose element type is (or may be) a predictor or program.</summary>
    private static bool HoldsStructure(Type type)
    {
        if (type.IsArray) return MayHold(type.GetElementType()!);
        if (!typeof(ICollection).IsAssignableFrom(type) && !ImplementsGeneric(type, typeof(IReadOnlyCollection<>))) return false;
        foreach (var i in type.GetInterfaces())
            if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && MayHold(i.GetGenericArguments()[0]))
                return true;
        return false;
    }

    private static bool MayHold(Type element) =>
        typeof(IPredictor).IsAssignableFrom(element) || typeof(IProgram).IsAssignableFrom(element) ||
        element == typeof(object) || (element.IsInterface && element.IsAssignableFrom(typeof(IProgram)));

    private static bool ImplementsGeneric(Type type, Type definition) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static FieldInfo[] FieldsOf(Type type) => Fields.GetOrAdd(type, static t =>
    {
        var fields = new List<FieldInfo>();
        for (var current = t; current is not null && current != typeof(object); current = current.BaseType)
            fields.AddRange(current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.FieldType.IsPointer && !f.FieldType.IsByRefLike));
        // Metadata order is declaration order: the same build always lists captures the same way.
        return [.. fields.OrderBy(f => f.MetadataToken)];
    });
}
