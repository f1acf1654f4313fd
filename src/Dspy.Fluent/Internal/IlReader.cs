using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Dspy.Fluent.Internal;

/// <summary>One IL instruction: its opcode and where its operand starts in the method body.</summary>
internal readonly record struct IlInstruction(OpCode OpCode, int OperandStart, int OperandSize);

/// <summary>
/// Reads a method's IL instruction by instruction, for what composition-time analysis needs (which fields a lambda
/// reads, what code a compile depends on). Nothing is run.
/// </summary>
internal static class IlReader
{
    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static IlReader()
    {
        foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (f.GetValue(null) is not OpCode op) continue;
            var value = (ushort)op.Value;
            if (value < 0x100) OneByte[value] = op;
            else if ((value & 0xff00) == 0xfe00) TwoByte[value & 0xff] = op;
        }
    }

    /// <summary>The method's IL, or null where none can be read (abstract, native, trimmed or dynamic).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Best effort by design: a trimmed or Native AOT app may have no IL to read, and this returns null then; StaticReferences then finds nothing (the run-time check names an undeclared predictor) and CodeFingerprint falls back to the module build id.")]
    public static byte[]? BodyOf(MethodBase method)
    {
        try
        {
            return method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or MemberAccessException)
        {
            return null;
        }
    }

    /// <summary>The instructions of <paramref name="il"/>, stopping at an opcode the table does not know rather than misreading the rest.</summary>
    public static IEnumerable<IlInstruction> Instructions(byte[] il)
    {
        for (var i = 0; i < il.Length;)
        {
            OpCode op;
            if (il[i] == 0xFE && i + 1 < il.Length) { op = TwoByte[il[i + 1]]; i += 2; }
            else { op = OneByte[il[i]]; i += 1; }
            var size = OperandSize(op, il, i);
            if (size < 0 || i + size > il.Length) yield break;
            yield return new IlInstruction(op, i, size);
            i += size;
        }
    }

    /// <summary>The metadata token an instruction's 4-byte operand holds.</summary>
    public static int Token(byte[] il, IlInstruction instruction) => BitConverter.ToInt32(il, instruction.OperandStart);

    /// <summary>Whether the operand is a metadata token (a field, method, type, string or signature).</summary>
    public static bool HasToken(IlInstruction instruction) => instruction.OpCode.OperandType is
        OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok or OperandType.InlineString or OperandType.InlineSig;

    /// <summary>Resolves a member token in <paramref name="method"/>'s generic context; null when it cannot be.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The token comes from the same method's IL, read from the same (possibly trimmed) module, so it matches that module's metadata; a token that no longer resolves returns null.")]
    public static MemberInfo? ResolveMember(MethodBase method, int token) =>
        Resolve(() => method.Module.ResolveMember(token, GenericArguments(method.DeclaringType), method.IsGenericMethod ? method.GetGenericArguments() : null));

    /// <summary>The string literal a <c>ldstr</c> loads; null when it cannot be read.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The token comes from the same method's IL, read from the same (possibly trimmed) module, so it matches that module's metadata; a token that no longer resolves returns null.")]
    public static string? ResolveString(MethodBase method, int token) => Resolve(() => method.Module.ResolveString(token));

    /// <summary>An async or iterator method's body lives in its state machine's MoveNext.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Best effort: if trimming removed MoveNext's metadata GetMethod returns null and the caller reads nothing, as for any method without IL.")]
    public static MethodInfo? StateMachineBody(MethodBase method) =>
        method.GetCustomAttribute<StateMachineAttribute>() is { StateMachineType: var machine }
            ? machine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            : null;

    /// <summary>A compiler-made type: C# display classes and lambda caches (<c>&lt;&gt;c__DisplayClass…</c>), F# closures (<c>…@12</c>).</summary>
    public static bool IsCompilerGenerated(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || type.Name.StartsWith('<') || type.Name.Contains('@');

    /// <summary>
    /// A method the compiler made from a lambda or local function: C#'s <c>&lt;Main&gt;b__0_0</c>, and F#'s lifted closures
    /// and local functions (<c>ask@12</c>), which an optimised F# build calls directly instead of through a closure object.
    /// </summary>
    public static bool IsCompilerGenerated(MethodBase method) => method.Name.StartsWith('<') || method.Name.Contains('@');

    /// <summary>The code of an F# closure class: its <c>Invoke</c> overrides (one per arity it is called with).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Best effort: an F# closure's Invoke whose metadata was trimmed is not listed, and its captures are then found only through the closure's fields or reported by the run-time check.")]
    public static IEnumerable<MethodInfo> ClosureInvokes(Type closure) =>
        closure.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Where(m => m.Name == "Invoke");

    /// <summary>
    /// A member's position in declaration order: its metadata token. Native AOT keeps no tokens (reading one throws), and
    /// there 0 for every member leaves the order reflection listed them in, which is declaration order, to a stable sort.
    /// </summary>
    public static int DeclarationOrder(MemberInfo member)
    {
        try
        {
            return member.MetadataToken;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    private static Type[]? GenericArguments(Type? type) => type is { IsGenericType: true } ? type.GetGenericArguments() : null;

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
