using System.Diagnostics;

namespace Dspy.Fluent.Tests;

/// <summary>Runs a built example program as a user would (<c>dotnet Example.dll args</c>) and captures its output.</summary>
internal static class ExampleProcess
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dspy.Fluent.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Dspy.Fluent.sln) is not above the test binaries.");
    }

    /// <summary>The example's dll, built in the same configuration as the tests.</summary>
    public static string Dll(string example) => BuiltDll("examples", example);

    /// <summary>A project's dll from its own output folder (so it runs with its own dependencies), in the tests' configuration.</summary>
    public static string BuiltDll(string folder, string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Path.Combine(RepoRoot(), folder, project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.", path);
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string example, IEnumerable<string> args, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot() };
        start.ArgumentList.Add(Dll(example));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
