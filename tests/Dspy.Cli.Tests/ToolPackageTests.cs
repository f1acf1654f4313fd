using System.Diagnostics;

namespace Dspy.Cli.Tests;

/// <summary>
/// The tool as users get it: src/Dspy.Cli packed with <c>dotnet pack</c>, installed from that local folder into a temp tool
/// path with <c>dotnet tool install</c>, and run as <c>dspy</c>. In the builds collection, so no other test builds meanwhile.
/// </summary>
[Collection(BuildsCollection.Name)]
public sealed class ToolPackageTests(CompiledPrograms programs) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dspy-tool-package-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TestContext.Current.SendDiagnosticMessage($"could not delete {_folder}: {e.Message}");
        }
    }

    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_its_inspect_and_diff_exit_as_documented()
    {
        var (packages, tools) = (Path.Combine(_folder, "packages"), Path.Combine(_folder, "tools"));
        // A version no earlier run used, so NuGet's cache cannot hand back an older package. PackageVersion names only the
        // package: the assemblies keep their version, and the shared Debug builds are reused rather than rebuilt.
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var project = Path.Combine(SampleProject.RepoRoot(), "src", "Dspy.Cli", "Dspy.Cli.csproj");

        var pack = await RunAsync("dotnet", "pack", project, "-c", "Debug", "-o", packages, $"-p:PackageVersion={version}", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed ({pack.ExitCode}):\n{pack.Output}");
        Assert.True(File.Exists(Path.Combine(packages, $"Dspy.Cli.{version}.nupkg")), $"no Dspy.Cli.{version}.nupkg in {packages}:\n{pack.Output}");
        var install = await RunAsync("dotnet", "tool", "install", "--tool-path", tools, "--add-source", packages, "--version", version, "Dspy.Cli");
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed ({install.ExitCode}):\n{install.Output}");
        var dspy = Path.Combine(tools, OperatingSystem.IsWindows() ? "dspy.exe" : "dspy");

        var inspect = await RunAsync(dspy, "inspect", programs.First);
        var same = await RunAsync(dspy, "diff", programs.First, programs.First);
        var different = await RunAsync(dspy, "diff", programs.First, programs.Second);

        Assert.True(inspect.ExitCode == 0, inspect.Output);
        Assert.Contains("== generate_answer", inspect.Output);
        Assert.True(same.ExitCode == 0, same.Output);
        Assert.True(different.ExitCode == 1, different.Output);
        Assert.Contains("demos:", different.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The outer `dotnet test` sets MSBuild variables that would make the inner pack join its build node.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBUILDNOINPROCNODE" }) start.Environment.Remove(name);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
