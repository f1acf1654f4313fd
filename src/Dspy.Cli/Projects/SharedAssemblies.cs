namespace Dspy.Cli.Projects;

/// <summary>The rule for sharing Dspy.Fluent between the tool and a loaded project: the same version, or a clear error.</summary>
internal static class SharedAssemblies
{
    /// <summary>Fails when an assembly both sides have differs in version.</summary>
    /// <param name="project">The project output's Dspy.Fluent* assemblies, by name.</param>
    /// <param name="tool">The tool's, by name.</param>
    /// <param name="assemblyPath">The project's output assembly, for the message.</param>
    /// <exception cref="ToolInputException">A version differs; the message names both versions and the command that fixes it.</exception>
    public static void CheckVersions(IReadOnlyDictionary<string, Version?> project, IReadOnlyDictionary<string, Version?> tool, string assemblyPath)
    {
        var mismatches = project
            .Where(p => tool.TryGetValue(p.Key, out var t) && t != p.Value)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key} {p.Value} (project) vs {tool[p.Key]} (dspy tool)")
            .ToList();
        if (mismatches.Count == 0) return;
        var wanted = project.TryGetValue("Dspy.Fluent", out var v) && v is not null ? v.ToString(3) : project.First().Value?.ToString(3);
        throw new ToolInputException(
            $"{Path.GetFileName(assemblyPath)} was built against other Dspy.Fluent versions than this dspy tool runs on: {string.Join("; ", mismatches)}. " +
            $"The programs' types must be the tool's own, so install the matching tool (`dotnet tool update Dspy.Cli --version {wanted}`) " +
            "or update the project's Dspy.Fluent packages to the tool's version.");
    }
}
