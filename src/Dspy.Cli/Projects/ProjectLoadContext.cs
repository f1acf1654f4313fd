using System.Reflection;
using System.Runtime.Loader;

namespace Dspy.Cli.Projects;

/// <summary>
/// Loads a user's built assembly and its dependencies from its output folder, except the assemblies the tool itself runs on
/// (Dspy.Fluent*, Microsoft.Extensions.AI, the framework): those come from the tool, so a <c>Program&lt;Example, Prediction&gt;</c>
/// made by the project is the same type the tool's code compiles and evaluates.
/// </summary>
internal sealed class ProjectLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly IReadOnlyDictionary<string, string> _shared;
    private readonly Lazy<IReadOnlyDictionary<string, string>> _packages;

    private ProjectLoadContext(string assemblyPath, IReadOnlyDictionary<string, string> shared) : base($"dspy project {Path.GetFileName(assemblyPath)}")
    {
        _resolver = new AssemblyDependencyResolver(assemblyPath);
        _shared = shared;
        _packages = new(() => PackageAssets.Find(assemblyPath));
    }

    /// <summary>Loads <paramref name="assemblyPath"/> after checking that the Dspy.Fluent assemblies it was built against match the tool's.</summary>
    /// <exception cref="ToolInputException">A Dspy.Fluent assembly's version differs between the project and the tool.</exception>
    public static Assembly Load(string assemblyPath)
    {
        var shared = ToolAssemblies();
        var folder = Path.GetDirectoryName(assemblyPath)!;
        var projectVersions = Directory.EnumerateFiles(folder, "Dspy.Fluent*.dll")
            .Select(f => AssemblyName.GetAssemblyName(f))
            .Where(n => n.Name is not null)
            .ToDictionary(n => n.Name!, n => n.Version, StringComparer.OrdinalIgnoreCase);
        SharedAssemblies.CheckVersions(projectVersions, shared.Keys.Where(k => k.StartsWith("Dspy.Fluent", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, k => AssemblyName.GetAssemblyName(shared[k]).Version, StringComparer.OrdinalIgnoreCase), assemblyPath);
        return new ProjectLoadContext(assemblyPath, shared).LoadFromAssemblyPath(assemblyPath);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Returning null hands the name to the default context, i.e. the tool's own copy.
        if (assemblyName.Name is { } name && _shared.ContainsKey(name)) return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName)
                   ?? (assemblyName.Name is { } n && _packages.Value.TryGetValue(n, out var package) ? package : null);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    /// <summary>Every assembly the tool's host can load (its own dependencies and the framework), by name, with its path.</summary>
    private static Dictionary<string, string> ToolAssemblies() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);
}
