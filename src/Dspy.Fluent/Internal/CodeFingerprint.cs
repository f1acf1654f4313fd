using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Dspy.Fluent.Internal;

/// <summary>
/// A canonical text of the code a program or an optimizer runs: every lambda reachable from it (its IL with tokens
/// resolved to member names and string literals written out, so an unrelated edit elsewhere in the assembly does not
/// change it) and the plain values its closures captured (<c>k: 3</c>). The compile-cache key hashes it, so editing a
/// lambda of the program or of the metric recompiles instead of reusing a stale compile.
/// </summary>
/// <remarks>
/// Followed: program nodes, delegates and their closures (with an F# closure's Invoke), metrics and optimizers. Not followed: predictors (their
/// structure is hashed separately), LM clients, retrievers and other services, which are named by type only. Code
/// that a lambda calls in other methods is named, not read.
/// </remarks>
internal static partial class CodeFingerprint
{
    private const int MaxObjects = 512;

    public static string Describe(object? root)
    {
        var sb = new StringBuilder();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var methods = new HashSet<MethodBase>();
        if (root is MethodBase method) Method(method, sb, methods);
        else if (root is not null) Visit(root, "", sb, visited, methods);
        return sb.ToString();
    }

    private static void Visit(object value, string path, StringBuilder sb, HashSet<object> visited, HashSet<MethodBase> methods)
    {
        if (visited.Count >= MaxObjects || !visited.Add(value)) return;
        if (value is IPredictor)
        {
            // Its definition is part of the structure, hashed on its own; its fields include a run-time memo.
            sb.Append(path).Append(" = predictor\n");
            return;
        }
        if (value is Delegate d)
        {
            sb.Append(path).Append(" => ").Append(Name(d.Method)).Append('\n');
            Method(d.Method, sb, methods);
            if (d.Target is { } target) Visit(target, path + ".target", sb, visited, methods);
            return;
        }
        // An F# lambda is an object whose code is its class's Invoke (a computation expression's body is a chain of them).
        if (IlReader.IsCompilerGenerated(value.GetType()))
            foreach (var invoke in IlReader.ClosureInvokes(value.GetType())) Method(invoke, sb, methods);
        foreach (var field in Fields(value.GetType()))
        {
            var fieldValue = field.GetValue(value);
            var at = $"{path}.{field.Name}";
            switch (fieldValue)
            {
                case null:
                    sb.Append(at).Append(" = null\n");
                    break;
                case IPredictor:
                    sb.Append(at).Append(" = predictor\n"); // its definition is part of the structure, hashed on its own
                    break;
                case string or bool or char or Enum or decimal or double or float or int or long or short or byte or uint or ulong or ushort or sbyte:
                    sb.Append(at).Append(" = ").Append(Convert.ToString(fieldValue, CultureInfo.InvariantCulture)).Append('\n');
                    break;
                case Delegate or IProgram or IMetric or IOptimizer:
                    Visit(fieldValue, at, sb, visited, methods);
                    break;
                default:
                    if (IlReader.IsCompilerGenerated(fieldValue.GetType())) Visit(fieldValue, at, sb, visited, methods);
                    else sb.Append(at).Append(": ").Append(fieldValue.GetType()).Append('\n');
                    break;
            }
        }
    }

    /// <summary>The method's IL as text, then the lambdas, local functions and state machines it uses, each once.</summary>
    private static void Method(MethodBase method, StringBuilder sb, HashSet<MethodBase> methods)
    {
        if (methods.Count >= MaxObjects || !methods.Add(method)) return;
        if (IlReader.StateMachineBody(method) is { } moveNext) Method(moveNext, sb, methods);
        if (IlReader.BodyOf(method) is not { } il)
        {
            // A Native AOT app keeps no IL at all: the build of the module that holds the code stands in for it, so any
            // rebuild recompiles rather than reusing a compile made for code that has since changed. (With a JIT, a method
            // without IL is abstract or dynamic, and naming it is all the key has ever done.)
            if (RuntimeFeature.IsDynamicCodeSupported) return;
            sb.Append("  build ").Append(Name(method)).Append(':').Append(' ').Append(BuildOf(method.Module)).Append('\n');
            return;
        }
        sb.Append("  il ").Append(Name(method)).Append(':');
        var nested = new List<MethodBase>();
        foreach (var instruction in IlReader.Instructions(il))
        {
            sb.Append(' ').Append(instruction.OpCode.Name);
            if (instruction.OperandSize == 0) continue;
            if (instruction.OpCode == OpCodes.Ldstr)
            {
                sb.Append(" \"").Append(IlReader.ResolveString(method, IlReader.Token(il, instruction))).Append('"');
                continue;
            }
            if (IlReader.HasToken(instruction) && instruction.OpCode.OperandType != OperandType.InlineSig)
            {
                var member = IlReader.ResolveMember(method, IlReader.Token(il, instruction));
                sb.Append(' ').Append(member switch { MethodBase m => Name(m), Type t => Stable(t.ToString()), { } m => Stable($"{m.DeclaringType}::{m.Name}"), null => "?" });
                if (member is MethodBase target && IlReader.IsCompilerGenerated(target)) nested.Add(target);
                else if (member is ConstructorInfo { DeclaringType: { } closure } && IlReader.IsCompilerGenerated(closure))
                    nested.AddRange(IlReader.ClosureInvokes(closure));
                else if (member is FieldInfo { IsStatic: true, FieldType: var shared } && IlReader.IsCompilerGenerated(shared))
                    nested.AddRange(IlReader.ClosureInvokes(shared)); // an F# lambda that captures nothing: one shared instance
                continue;
            }
            sb.Append(' ').Append(Convert.ToHexString(il, instruction.OperandStart, instruction.OperandSize));
        }
        sb.Append('\n');
        foreach (var m in nested) Method(m, sb, methods);
    }

    private static string Name(MethodBase m) => Stable($"{m.DeclaringType}::{m}");

    /// <summary>
    /// An F# closure class is named after the line it is on (<c>answer@42-1</c>): dropping the numbers keeps a blank line
    /// added above the program from changing the key, while its code (and so any real edit) still does.
    /// </summary>
    private static string Stable(string name) => name.Contains('@') ? ClosureLine().Replace(name, "@") : name;

    [GeneratedRegex(@"@\d+(-\d+)*")]
    private static partial Regex ClosureLine();

    private static string BuildOf(Module module)
    {
        try { return module.ModuleVersionId.ToString("N"); }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException) { return "unknown"; }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Best effort: a captured field whose metadata a trimmed or Native AOT app removed is left out of the text; the fingerprint then still names the closure's type and the build of its code.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Best effort: a captured field whose metadata a trimmed or Native AOT app removed is left out of the text; the fingerprint then still names the closure's type and the build of its code.")]
    private static IEnumerable<FieldInfo> Fields(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).OrderBy(IlReader.DeclarationOrder))
                if (!f.FieldType.IsPointer && !f.FieldType.IsByRefLike && f.FieldType != typeof(ProgramStructure)) yield return f;
    }
}
