using System.Diagnostics;

namespace Dspy.Cli.Tests;

/// <summary>What one run of the tool printed and returned.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built tool as a separate process, the way a user or CI job calls it.</summary>
public static class DspyTool
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "Dspy.Cli.dll");

    public static async Task<ToolResult> RunAsync(params string[] args)
    {
        if (!File.Exists(DllPath)) throw new FileNotFoundException($"The tool was not built next to the tests; expected {DllPath}.", DllPath);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
