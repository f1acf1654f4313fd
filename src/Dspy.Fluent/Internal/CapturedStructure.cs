using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
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
/// Followed: closure objects (C# display classes; F# closures, fields and the code of their Invoke), delegates they hold,
/// steps built ahead (the code they defer), arrays and collections of predictors, programs or steps, and the static fields and auto-properties the lambda's code reads (<see cref="StaticReferences"/>).
/// An object of the user's own (a captured <c>this</c>) is read one level deep only, so a service that holds many
/// programs does not pull them all in. Not seen: predictors returned by methods or built inside the lambda; the run-time
/// check reports those with the line to add.
/// </remarks>
internal static class CapturedStructure
{
    private const int MaxDepth = 6;
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> Fields = new();
    private static readonly ConcurrentDictionary<Type, MethodInfo[]> Invokes = new();

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
            // A delegate and its closure, a step and its code: one value seen through a wrapper, so the depth bound
            // (which counts captured values) does not cut off a step built from steps built from a predictor.
            case Delegate d:
                if (d.Target is { } target) Visit(target, depth, ref parts, ref predictors, visited);
                foreach (var field in StaticReferences.Of(d.Method))
                    if (field.GetValue(null) is { } fieldValue) Visit(fieldValue, depth + 1, ref parts, ref predictors, visited);
                return;
            case IDeferredStep step:
                // A step captured as a value: what it calls is in the closure of the code it defers.
                Visit(step.Body, depth, ref parts, ref predictors, visited);
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
        // An F# lambda is an object, not a delegate: its code is its class's Invoke, so the module-level values it reads
        // (and the lambdas it creates, such as the rest of a computation expression) are found there.
        if (closure)
            foreach (var invoke in InvokesOf(type))
                foreach (var field in StaticReferences.Of(invoke))
                    if (field.GetValue(null) is { } fieldValue) Visit(fieldValue, depth + 1, ref parts, ref predictors, visited);
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
        value is IPredictor or IProgram or IDeferredStep || (value is IEnumerable && value is not string && HoldsStructure(value.GetType()));

    private static bool IsUserObject(object value) =>
        value is not (IPredictor or IProgram or Delegate or string) && !IsStructure(value) && !IlReader.IsCompilerGenerated(value.GetType()) &&
        !value.GetType().IsPrimitive && !value.GetType().IsEnum;

    /// <summary>Arrays and materialised collections whose element type is (or may be) a predictor or program.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Best effort by design: in a trimmed or Native AOT app, an interface or field whose metadata was removed is not seen, so a predictor held there is not declared at composition; the run-time check then stops the first run with an UndeclaredPredictorException naming it and the line to add.")]
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
        typeof(IPredictor).IsAssignableFrom(element) || typeof(IProgram).IsAssignableFrom(element) || typeof(IDeferredStep).IsAssignableFrom(element) ||
        element == typeof(object) || (element.IsInterface && element.IsAssignableFrom(typeof(IProgram)));

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Best effort by design: in a trimmed or Native AOT app, an interface or field whose metadata was removed is not seen, so a predictor held there is not declared at composition; the run-time check then stops the first run with an UndeclaredPredictorException naming it and the line to add.")]
    private static bool ImplementsGeneric(Type type, Type definition) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static MethodInfo[] InvokesOf(Type type) => Invokes.GetOrAdd(type, static t => [.. IlReader.ClosureInvokes(t)]);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Best effort by design: in a trimmed or Native AOT app, an interface or field whose metadata was removed is not seen, so a predictor held there is not declared at composition; the run-time check then stops the first run with an UndeclaredPredictorException naming it and the line to add.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Best effort by design: in a trimmed or Native AOT app, an interface or field whose metadata was removed is not seen, so a predictor held there is not declared at composition; the run-time check then stops the first run with an UndeclaredPredictorException naming it and the line to add.")]
    private static FieldInfo[] FieldsOf(Type type) => Fields.GetOrAdd(type, static t =>
    {
        var fields = new List<FieldInfo>();
        for (var current = t; current is not null && current != typeof(object); current = current.BaseType)
            fields.AddRange(current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.FieldType.IsPointer && !f.FieldType.IsByRefLike));
        // Metadata order is declaration order: the same build always lists captures the same way.
        return [.. fields.OrderBy(IlReader.DeclarationOrder)];
    });
}
