namespace Dspy.Fluent.Packaging.Tests;

/// <summary>Paths in the repository these tests build from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Source(string project) => Path.Combine(Root, "src", project, $"{project}.csproj");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dspy.Fluent.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Dspy.Fluent.sln above {AppContext.BaseDirectory}.");
    }
}
