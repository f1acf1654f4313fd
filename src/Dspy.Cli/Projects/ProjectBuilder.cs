using System.Diagnostics;

namespace Dspy.Cli.Projects;

/// <summary>Finds a user's project and builds it with <c>dotnet build</c>, the way <c>dotnet ef</c> does before it loads the output.</summary>
internal static class ProjectBuilder
{
    /// <summary>The project file for <paramref name="path"/>: the file itself, or the only project file in the folder.</summary>
    /// <exception cref="ToolInputException">No such file or folder, or a folder with no project or several.</exception>
    public static string Resolve(string path)
    {
        if (File.Exists(path)) return Path.GetFullPath(path);
        if (!Directory.Exists(path))
            throw new ToolInputException($"--project {path}: no such file or folder (full path {Path.GetFullPath(path)}). Pass a .csproj/.fsproj or the folder holding one.");
        var projects = Directory.EnumerateFiles(path, "*.*proj").Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".fsproj", StringComparison.Ordinal)).ToList();
        return projects.Count switch
        {
            1 => Path.GetFullPath(projects[0]),
            0 => throw new ToolInputException($"--project {path}: the folder has no .csproj or .fsproj. Run the command in the project's folder or pass --project PATH."),
            _ => throw new ToolInputException($"--project {path}: the folder has {projects.Count} project files ({string.Join(", ", projects.Select(Path.GetFileName))}); pass one with --project."),
        };
    }

    /// <summary>Builds the project (unless <paramref name="build"/> is false) and returns its output assembly's path.</summary>
    /// <exception cref="ToolInputException">The build failed (its output is in the message), or there is no output assembly.</exception>
    public static async Task<string> BuildAsync(string project, string configuration, bool build, TextWriter log, CancellationToken cancellationToken)
    {
        if (build) await log.WriteLineAsync($"Building {project} ({configuration})...").ConfigureAwait(false);
        // -getProperty alone only evaluates the project; with -t:Build the value is read after the build has run.
        string[] args = build
            ? ["build", project, "-c", configuration, "-nologo", "-v", "q", "-t:Build", "-getProperty:TargetPath"]
            : ["msbuild", project, $"-p:Configuration={configuration}", "-nologo", "-getProperty:TargetPath"];
        var (exit, output) = await RunDotnetAsync(args, cancellationToken).ConfigureAwait(false);
        if (exit != 0)
            throw new ToolInputException($"dotnet {args[0]} {project} failed (exit {exit}):\n{output.Trim()}\nFix the errors above{(build ? "" : ", or drop --no-build")}.");
        var target = output.Trim().Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
        if (!File.Exists(target))
            throw new ToolInputException(build
                ? $"{project} built, but its output assembly '{target}' does not exist. Is it a class library or console app targeting .NET?"
                : $"{project} has no build output at '{target}'; build it first or drop --no-build.");
        return target;
    }

    private static async Task<(int Exit, string Output)> RunDotnetAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        // A dotnet tool runs under the host that started it; DOTNET_HOST_PATH names that host when set.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        // Run from inside another build (an MSBuild Exec task, `dotnet test` running the tool), these would make the
        // project's build join the outer one's MSBuild instead of running on its own.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBUILDNOINPROCNODE" }) start.Environment.Remove(name);
        using var process = Process.Start(start) ?? throw new ToolInputException("Could not start 'dotnet'; is the .NET SDK on PATH?");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
