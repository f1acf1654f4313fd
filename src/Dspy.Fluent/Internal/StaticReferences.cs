using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The static fields and static auto-properties a lambda's code reads, found in its IL: a lambda that calls
/// <c>Shared.Answer.Call(…)</c> reads the static <c>Answer</c> without capturing it, so <see cref="CapturedStructure"/>
/// reads the IL of the lambda (and of the lambdas, local functions and state machines it uses) for those reads.
/// Composition time only; the values are read, no user code runs (a property is followed only when its getter is a
/// plain field read).
/// </summary>
/// <remarks>Where IL is not available (trimmed or native AOT builds) nothing is found and the run-time check reports
/// what is undeclared.</remarks>
internal static class StaticReferences
{
    private const int MaxMethods = 64;
    private static readonly ConcurrentDictionary<MethodInfo, FieldInfo[]> Cache = new();

    /// <summary>The static fields whose values <paramref name="method"/> (and lambdas it creates) may load: fields read directly and plain getters' fields.</summary>
    public static FieldInfo[] Of(MethodInfo method) => Cache.GetOrAdd(method, static m =>
    {
        var found = new List<FieldInfo>();
        Walk(m, found, []);
        return [.. found.Distinct()];
    });

    private static void Walk(MethodBase method, List<FieldInfo> found, HashSet<MethodBase> seen)
    {
        if (seen.Count >= MaxMethods || !seen.Add(method)) return;
        if (IlReader.StateMachineBody(method) is { } moveNext) Walk(moveNext, found, seen);
        if (IlReader.BodyOf(method) is not { } il) return;
        foreach (var instruction in IlReader.Instructions(il))
        {
            var op = instruction.OpCode;
            if (op != OpCodes.Ldsfld && op != OpCodes.Call && op != OpCodes.Callvirt && op != OpCodes.Ldftn && op != OpCodes.Newobj) continue;
            switch (IlReader.ResolveMember(method, IlReader.Token(il, instruction)))
            {
                case FieldInfo field when op == OpCodes.Ldsfld:
                    AddField(field, found);
                    // An F# lambda that captures nothing is one shared instance in a static field of its closure class.
                    if (IlReader.IsCompilerGenerated(field.FieldType))
                        foreach (var invoke in IlReader.ClosureInvokes(field.FieldType)) Walk(invoke, found, seen);
                    break;
                case ConstructorInfo { DeclaringType: { } closure } when op == OpCodes.Newobj && IlReader.IsCompilerGenerated(closure):
                    // An F# lambda is an object of a closure class whose Invoke holds its code.
                    foreach (var invoke in IlReader.ClosureInvokes(closure)) Walk(invoke, found, seen);
                    break;
                case MethodInfo target when op != OpCodes.Newobj:
                    if (IlReader.IsCompilerGenerated(target)) Walk(target, found, seen); // a lambda or local function of this one
                    else if (op != OpCodes.Ldftn) AddGetter(target, found);
                    break;
            }
        }
    }

    private static void AddField(FieldInfo? field, List<FieldInfo> found)
    {
        if (field is { IsStatic: true, FieldType.ContainsGenericParameters: false } && MayHoldStructure(field.FieldType)) found.Add(field);
    }

    /// <summary>
    /// A static getter whose whole body is <c>ldsfld F; ret</c> (a C# auto-property or <c>=&gt; _field</c>, an F# module
    /// value) stands for <c>F</c>; other getters are not run, since they could do anything.
    /// </summary>
    private static void AddGetter(MethodInfo getter, List<FieldInfo> found)
    {
        if (!getter.IsStatic || !getter.Name.StartsWith("get_", StringComparison.Ordinal) || getter.GetParameters().Length != 0 ||
            !MayHoldStructure(getter.ReturnType) || IlReader.BodyOf(getter) is not [0x7E, _, _, _, _, 0x2A] il) return;
        AddField(IlReader.ResolveMember(getter, BitConverter.ToInt32(il, 1)) as FieldInfo, found);
    }

    private static bool MayHoldStructure(Type type) =>
        typeof(IPredictor).IsAssignableFrom(type) || typeof(IProgram).IsAssignableFrom(type) || typeof(IDeferredStep).IsAssignableFrom(type) ||
        (type.IsArray && MayHoldStructure(type.GetElementType()!)) ||
        (type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && MayHoldStructure(element));
}
