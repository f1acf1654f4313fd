using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The static fields and static auto-properties a lambda's code reads, found in its IL: a lambda that calls
/// <c>Shared.Answer.Call(…)</c> reads the static <c>Answer</c> without capturing it, so <see cref="CapturedStructure"/>
/// reads the IL of the lambda (and of the lambdas it creates) for those reads. Composition time only; the values are
/// read, no user code runs (a property is followed only when it is an auto-property, through its backing field).
/// </summary>
/// <remarks>Where IL is not available (trimmed or native AOT builds) nothing is found and the run-time check reports
/// what is undeclared.</remarks>
internal static class StaticReferences
{
    private const int MaxMethods = 64;
    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];
    private static readonly ConcurrentDictionary<MethodInfo, FieldInfo[]> Cache = new();

    static StaticReferences()
    {
        foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (f.GetValue(null) is not OpCode op) continue;
            var value = (ushort)op.Value;
            if (value < 0x100) OneByte[value] = op;
            else if ((value & 0xff00) == 0xfe00) TwoByte[value & 0xff] = op;
        }
    }

    /// <summary>The static fields whose values <paramref name="method"/> (and lambdas it creates) may load: fields read directly and auto-property backing fields.</summary>
    public static FieldInfo[] Of(MethodInfo method) => Cache.GetOrAdd(method, static m =>
    {
        var found = new List<FieldInfo>();
        var seen = new HashSet<MethodBase>();
        Walk(m, found, seen);
        return [.. found.Distinct()];
    });

    private static void Walk(MethodBase method, List<FieldInfo> found, HashSet<MethodBase> seen)
    {
        if (seen.Count >= MaxMethods || !seen.Add(method)) return;
        // An async or iterator lambda's body lives in its state machine's MoveNext.
        if (method.GetCustomAttribute<System.Runtime.CompilerServices.StateMachineAttribute>() is { StateMachineType: var machine } &&
            machine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
            Walk(moveNext, found, seen);
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or MemberAccessException)
        {
            return;
        }
        if (il is null) return;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            OpCode op;
            if (il[i] == 0xFE && i + 1 < il.Length) { op = TwoByte[il[i + 1]]; i += 2; }
            else { op = OneByte[il[i]]; i += 1; }
            var operand = OperandSize(op, il, i);
            if (operand < 0) return; // an opcode this table does not know: stop rather than misread the rest
            if (operand == 4 && i + 4 <= il.Length)
            {
                var token = BitConverter.ToInt32(il, i);
                if (op == OpCodes.Ldsfld) AddField(Resolve(() => module.ResolveField(token, typeArgs, methodArgs)), found);
                else if ((op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Ldftn) && Resolve(() => module.ResolveMethod(token, typeArgs, methodArgs)) is { } target)
                {
                    if (target.Name.StartsWith('<')) Walk(target, found, seen); // a lambda or local function of this one
                    else if (op != OpCodes.Ldftn) AddGetter(target, found);
                }
                else if (op == OpCodes.Newobj && Resolve(() => module.ResolveMethod(token, typeArgs, methodArgs)) is { DeclaringType: { } closure } && IsClosure(closure))
                {
                    // An F# lambda is an object of a closure class whose Invoke holds its code.
                    foreach (var invoke in closure.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                        if (invoke.Name == "Invoke") Walk(invoke, found, seen);
                }
            }
            i += operand;
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
    private static void AddGetter(MethodBase? method, List<FieldInfo> found)
    {
        if (method is not MethodInfo { IsStatic: true } getter || !getter.Name.StartsWith("get_", StringComparison.Ordinal) ||
            getter.GetParameters().Length != 0 || !MayHoldStructure(getter.ReturnType)) return;
        byte[]? il;
        try
        {
            il = getter.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or MemberAccessException)
        {
            return;
        }
        if (il is not [0x7E, _, _, _, _, 0x2A]) return;
        var token = BitConverter.ToInt32(il, 1);
        var typeArgs = getter.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        AddField(Resolve(() => getter.Module.ResolveField(token, typeArgs, null)), found);
    }

    private static bool IsClosure(Type type) => type.Name.Contains('@') || type.Name.StartsWith('<');

    private static bool MayHoldStructure(Type type) =>
        typeof(IPredictor).IsAssignableFrom(type) || typeof(IProgram).IsAssignableFrom(type) ||
        (type.IsArray && MayHoldStructure(type.GetElementType()!)) ||
        (type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && MayHoldStructure(element));

    private static T? Resolve<T>(Func<T?> resolve) where T : class
    {
        try
        {
            return resolve();
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or MissingMemberException or TypeLoadException)
        {
            return null;
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI or OperandType.InlineBrTarget or OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig
            or OperandType.InlineString or OperandType.InlineTok or OperandType.InlineType or OperandType.ShortInlineR => 4,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch when at + 4 <= il.Length => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => -1,
    };
}
