using System.Diagnostics;

namespace Dspy.Fluent.Packaging.Tests;

/// <summary>
/// A new console app that references only the core and the OpenAI connector — what a user who wants a signature,
/// Predict and OpenAI adds — publishes small and without native runtimes.
/// </summary>
public sealed class MinimalAppPublishTests : IDisposable
{
    private const long SizeLimit = 15L * 1024 * 1024;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dspy-minimal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder does not change the result; say where it is instead of hiding it.
            TestContext.Current.SendDiagnosticMessage($"could not delete {_dir}: {e.Message}");
        }
    }

    [Fact]
    public async Task A_core_plus_OpenAI_app_publishes_under_15_MB_with_no_native_runtime_folder()
    {
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(Path.Combine(_dir, "Minimal.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Repository.Source("Dspy.Fluent")}" />
                <ProjectReference Include="{Repository.Source("Dspy.Fluent.OpenAI")}" />
              </ItemGroup>
            </Project>
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "Program.cs"), """
            using Dspy.Fluent;
            var qa = Predict.Create("qa", "question -> answer");
            using var lm = LMSpec.Connect(args.Length > 0 ? args[0] : "openai:gpt-4o-mini@http://127.0.0.1:9/v1", LMConnectOptions.Default with { ApiKey = _ => "none" });
            Console.WriteLine($"{qa.Signature} via {LMSpec.Parse("openai:gpt-4o-mini")}");
            """, TestContext.Current.CancellationToken);

        var publish = Path.Combine(_dir, "publish");
        var (exit, output) = await RunAsync("dotnet", "publish", Path.Combine(_dir, "Minimal.csproj"), "-c", "Release", "-o", publish, "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(exit == 0, $"dotnet publish failed ({exit}):\n{output}");

        var files = Directory.EnumerateFiles(publish, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        var size = files.Sum(f => f.Length);
        var largest = string.Join(", ", files.OrderByDescending(f => f.Length).Take(5).Select(f => $"{f.Name} {f.Length / 1024} KB"));
        Assert.True(size < SizeLimit, $"The minimal app publishes {size / 1024.0 / 1024:F1} MB (limit 15 MB); largest: {largest}");
        var runtimes = Path.Combine(publish, "runtimes");
        if (Directory.Exists(runtimes))
            Assert.Fail($"The minimal app ships native runtimes: {string.Join(", ", Directory.EnumerateDirectories(runtimes).Select(Path.GetFileName))}");
        Assert.Contains(files, f => f.Name == "Dspy.Fluent.OpenAI.dll");

        // The published app really runs: the connector is found by reference alone (no registration code).
        var (runExit, runOutput) = await RunAsync("dotnet", Path.Combine(publish, "Minimal.dll"));
        Assert.True(runExit == 0, $"The minimal app failed ({runExit}):\n{runOutput}");
        Assert.Contains("question -> answer via openai:gpt-4o-mini", runOutput);
        TestContext.Current.SendDiagnosticMessage($"minimal app: {size / 1024.0 / 1024:F2} MB in {files.Count} files; largest: {largest}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The outer `dotnet test` sets MSBuild variables that would make the inner build join its node.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBUILDNOINPROCNODE" }) start.Environment.Remove(name);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
