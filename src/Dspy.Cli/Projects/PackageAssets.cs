using System.Text.Json;

namespace Dspy.Cli.Projects;

/// <summary>
/// The NuGet assemblies a build output uses but does not hold. A class library's <c>bin</c> has only its own and its project
/// references' dlls: its packages stay in the NuGet folder, named in its <c>.deps.json</c>, and no runtimeconfig tells
/// <see cref="System.Runtime.Loader.AssemblyDependencyResolver"/> where that folder is. This reads the runtime assets of each
/// package from the deps file and finds them under <c>NUGET_PACKAGES</c> or <c>~/.nuget/packages</c>.
/// </summary>
internal static class PackageAssets
{
    /// <summary>Assembly name → path, for each package runtime asset of <paramref name="assemblyPath"/>'s deps file that exists on disk.</summary>
    public static IReadOnlyDictionary<string, string> Find(string assemblyPath)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var deps = Path.ChangeExtension(assemblyPath, ".deps.json");
        if (!File.Exists(deps)) return found;
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        using var doc = JsonDocument.Parse(File.ReadAllText(deps));
        if (!doc.RootElement.TryGetProperty("targets", out var targets) || !doc.RootElement.TryGetProperty("libraries", out var libraries)) return found;
        foreach (var target in targets.EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (!library.Value.TryGetProperty("runtime", out var runtime)
                    || !libraries.TryGetProperty(library.Name, out var info)
                    || info.GetProperty("type").GetString() != "package"
                    || !info.TryGetProperty("path", out var folder)) continue;
                foreach (var asset in runtime.EnumerateObject())
                {
                    var path = Path.Combine(root, folder.GetString()!, asset.Name);
                    if (File.Exists(path)) found.TryAdd(Path.GetFileNameWithoutExtension(path), path);
                }
            }
        }
        return found;
    }
}
