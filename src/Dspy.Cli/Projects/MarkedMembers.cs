using System.Reflection;
using Dspy.Fluent;

namespace Dspy.Cli.Projects;

/// <summary>Finds the programs and metrics a project marked with <see cref="DspyProgramAttribute"/> and <see cref="DspyMetricAttribute"/>, and calls them.</summary>
internal sealed class MarkedMembers
{
    private static readonly IReadOnlyDictionary<string, IMetric> BuiltInMetrics = new Dictionary<string, IMetric>(StringComparer.OrdinalIgnoreCase)
    {
        ["exact_match"] = Metrics.ExactMatch,
        ["f1"] = Metrics.F1,
        ["passage_match"] = Metrics.PassageMatch,
    };

    private readonly string _assemblyName;
    private readonly Dictionary<string, MemberInfo> _metrics;

    private MarkedMembers(string assemblyName, IReadOnlyList<MarkedProgram> programs, Dictionary<string, MemberInfo> metrics)
    {
        _assemblyName = assemblyName;
        Programs = programs;
        _metrics = metrics;
    }

    public IReadOnlyList<MarkedProgram> Programs { get; }

    /// <summary>Reads the marks on the public static members of <paramref name="assembly"/>'s public types.</summary>
    /// <exception cref="ToolInputException">A mark sits on a member of the wrong shape, or two marks share a name.</exception>
    public static MarkedMembers Find(Assembly assembly)
    {
        var programs = new List<MarkedProgram>();
        var metrics = new Dictionary<string, MemberInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in LoadableTypes(assembly))
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (member.GetCustomAttribute<DspyProgramAttribute>() is { } program)
                {
                    CheckShape(member, nameof(DspyProgramAttribute), "a Program<TIn, TOut>", t => ProgramTypes(t) is not null);
                    var name = program.Name ?? member.Name;
                    if (programs.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } other)
                        throw new ToolInputException($"Two programs are named '{name}': {other.Location} and {Describe(member)}. Give one another name with [DspyProgram(\"NAME\")].");
                    var inputs = (program.Inputs ?? "question").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    programs.Add(new MarkedProgram(name, member, program.Metric, inputs));
                }
                if (member.GetCustomAttribute<DspyMetricAttribute>() is { } metric)
                {
                    CheckShape(member, nameof(DspyMetricAttribute), "an IMetric", t => typeof(IMetric).IsAssignableFrom(t));
                    var name = metric.Name ?? member.Name;
                    if (!metrics.TryAdd(name, member))
                        throw new ToolInputException($"Two metrics are named '{name}': {Describe(metrics[name])} and {Describe(member)}. Give one another name with [DspyMetric(\"NAME\")].");
                }
            }
        }
        return new MarkedMembers(assembly.GetName().Name ?? "the project", programs, metrics);
    }

    // Every type, not only exported ones: a marked factory in an internal class is still meant to be found.
    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var reasons = e.LoaderExceptions.OfType<Exception>().Select(x => x.Message).Distinct().Take(3);
            throw new ToolInputException($"{assembly.GetName().Name}: some of its types cannot be loaded, so its marked programs cannot be read: {string.Join("; ", reasons)}. " +
                                         "Rebuild the project (drop --no-build) and check that its dependencies are in its build output.", e);
        }
    }

    /// <summary>The program named <paramref name="name"/>, or the only one when <paramref name="name"/> is null.</summary>
    /// <exception cref="ToolInputException">No such program, none marked, or several and no name given.</exception>
    public MarkedProgram Program(string? name)
    {
        var list = string.Join(", ", Programs.Select(p => p.Name));
        if (Programs.Count == 0)
            throw new ToolInputException($"{_assemblyName} marks no program. Put [DspyProgram(\"NAME\")] on a public static method or property returning a Program<TIn, TOut> (see docs/dspy-tool.md).");
        if (name is null)
            return Programs.Count == 1 ? Programs[0] : throw new ToolInputException($"{_assemblyName} marks {Programs.Count} programs ({list}); choose one with --program NAME.");
        return Programs.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ToolInputException($"--program {name}: {_assemblyName} marks no program of that name. Marked: {list}.");
    }

    /// <summary>The metric named <paramref name="name"/>: one the project marked, else a built-in.</summary>
    /// <exception cref="ToolInputException">No such metric, or its member threw or returned null.</exception>
    public IMetric Metric(string name)
    {
        if (_metrics.TryGetValue(name, out var member)) return Invoke<IMetric>(member, "metric");
        if (BuiltInMetrics.TryGetValue(name, out var builtIn)) return builtIn;
        var known = _metrics.Keys.Concat(BuiltInMetrics.Keys.Where(k => !_metrics.ContainsKey(k))).Order(StringComparer.Ordinal);
        throw new ToolInputException($"--metric {name}: no metric of that name. Known: {string.Join(", ", known)}. Mark one with [DspyMetric(\"NAME\")] on a public static IMetric member.");
    }

    /// <summary>Calls the factory and returns the program it built, as an object (its type arguments are the caller's to find).</summary>
    public static object Create(MarkedProgram program) => Invoke<object>(program.Member, "program");

    /// <summary>The <c>TIn</c> and <c>TOut</c> of the Program&lt;,&gt; that <paramref name="type"/> is or derives from; null if none.</summary>
    public static Type[]? ProgramTypes(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Program<,>)) return t.GetGenericArguments();
        return null;
    }

    private static void CheckShape(MemberInfo member, string attribute, string expected, Func<Type, bool> fits)
    {
        var (isStatic, isPublic, returns) = member switch
        {
            MethodInfo m when m.GetParameters().Length == 0 => (m.IsStatic, m.IsPublic, m.ReturnType),
            MethodInfo m => throw new ToolInputException($"[{attribute.Replace("Attribute", "", StringComparison.Ordinal)}] on {Describe(member)}: the method takes {m.GetParameters().Length} parameters; the tool calls it with none."),
            PropertyInfo p => (p.GetMethod?.IsStatic ?? false, p.GetMethod?.IsPublic ?? false, p.PropertyType),
            _ => (false, false, typeof(void)),
        };
        if (!isStatic || !isPublic || !fits(returns))
            throw new ToolInputException($"[{attribute.Replace("Attribute", "", StringComparison.Ordinal)}] on {Describe(member)}: the tool needs a public static method with no parameters or a public static property returning {expected}; it is {(isPublic ? "" : "not public, ")}{(isStatic ? "" : "not static, ")}returning {returns.Name}.");
    }

    private static T Invoke<T>(MemberInfo member, string what) where T : class
    {
        object? value;
        try
        {
            value = member switch
            {
                MethodInfo m => m.Invoke(null, null),
                PropertyInfo p => p.GetValue(null),
                _ => null,
            };
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new ToolInputException($"{Describe(member)} threw while building the {what}: {inner.GetType().Name}: {inner.Message}", inner);
        }
        return value as T ?? throw new ToolInputException($"{Describe(member)} returned null; it must return the {what}.");
    }

    private static string Describe(MemberInfo member) => $"{member.DeclaringType?.FullName}.{member.Name}{(member is MethodInfo ? "()" : "")}";
}
