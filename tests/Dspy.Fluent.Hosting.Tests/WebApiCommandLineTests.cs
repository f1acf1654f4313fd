using System.Diagnostics;
using Dspy.Fluent.Examples.WebApi;

namespace Dspy.Fluent.Hosting.Tests;

/// <summary>The example's command line as its README gives it, run as a process: <c>compile</c> writes a state the service can load.</summary>
public sealed class WebApiCommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compile_writes_a_state_that_fits_the_services_program()
    {
        using var folder = Hosts.TempFolder();
        var path = folder.File("rag.compiled.json");

        var (exitCode, output, error) = await RunAsync(["compile", $"--Rag:State={path}"]);

        Assert.True(exitCode == 0, error);
        Assert.Contains("not a model", output, StringComparison.Ordinal);
        using var retriever = Bm25Retriever.Build(RagProgram.World().Corpus);
        var loaded = await RagProgram.Create(retriever).LoadStateAsync(path, Ct); // throws if it did not fit
        Assert.NotEmpty(loaded.State.Find("generate_answer")!.Demos);
    }

    [Fact]
    public async Task Serving_without_a_compiled_state_says_how_to_make_one()
    {
        using var folder = Hosts.TempFolder();

        var (exitCode, _, error) = await RunAsync([$"--Rag:State={folder.File("missing.json")}", "--urls=http://127.0.0.1:0"]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"No compiled program at {folder.File("missing.json")}. Compile it first: dotnet run --project examples/WebApi -- compile", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ExampleFolder() };
        start.ArgumentList.Add(Path.Combine(ExampleFolder(), "bin", Configuration(), "net10.0", "WebApi.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }

    // bin/<Configuration>/net10.0: the example was built in the same configuration as this project, which references it.
    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string ExampleFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dspy.Fluent.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("No Dspy.Fluent.sln above the test binaries."), "examples", "WebApi");
    }
}
