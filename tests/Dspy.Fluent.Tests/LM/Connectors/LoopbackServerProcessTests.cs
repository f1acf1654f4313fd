using System.Diagnostics;

namespace Dspy.Fluent.Tests;

/// <summary>The loopback server run as its own process, the way benchmarks and a developer start it.</summary>
public sealed class LoopbackServerProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SIGTERM_stops_the_server_process_cleanly_within_10_seconds_and_frees_its_port()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(ExampleProcess.BuiltDll("tools", "Dspy.Fluent.LoopbackServer"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        using var server = Process.Start(start)!;
        try
        {
            var stats = await ReadStatsUrlAsync(server);
            using var http = new HttpClient();
            (await http.GetAsync(stats, Ct)).EnsureSuccessStatusCode();

            var clock = Stopwatch.StartNew();
            await SignalAsync(server.Id, "TERM");
            await server.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"exited after {clock.Elapsed}");
            Assert.Contains(server.ExitCode, new[] { 0, 143 });
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(stats, Ct));
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task The_server_process_serves_the_simulated_LM_when_started_with_lm_simulated()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(ExampleProcess.BuiltDll("tools", "Dspy.Fluent.LoopbackServer"));
        foreach (var a in new[] { "--port", "0", "--lm", "simulated" }) start.ArgumentList.Add(a);
        using var server = Process.Start(start)!;
        try
        {
            var baseUrl = await ReadBannerUrlAsync(server, "OpenAI-compatible: ");
            var qa = Predict.Create("qa", "question -> answer");
            var question = Example.Create("question", "What is the capital of France?");
            var local = await qa.RunAsync(question, new LMSettings { Client = new SimulatedLM() }, Ct);

            using var overHttp = LMSpec.Connect($"openai:{SimulatedLM.DefaultModel}@{baseUrl}");
            var served = await qa.RunAsync(question, new LMSettings { Client = overHttp }, Ct);

            Assert.Equal(local["answer"], served["answer"]);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The URL on the banner line that starts with <paramref name="prefix"/>.</summary>
    private static async Task<Uri> ReadBannerUrlAsync(Process server, string prefix)
    {
        while (await server.StandardOutput.ReadLineAsync(Ct) is { } line)
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return new Uri(line[prefix.Length..].Split(' ')[0]);
        throw new InvalidOperationException($"The server printed no '{prefix}' line: {await server.StandardError.ReadToEndAsync(Ct)}");
    }

    /// <summary>The /stats URL from the server's banner (its last line, printed once it is listening).</summary>
    private static async Task<Uri> ReadStatsUrlAsync(Process server)
    {
        while (await server.StandardOutput.ReadLineAsync(Ct) is { } line)
            if (line.StartsWith("Counters: ", StringComparison.Ordinal))
                return new Uri(line["Counters: ".Length..].Split(' ')[0]);
        throw new InvalidOperationException($"The server printed no banner: {await server.StandardError.ReadToEndAsync(Ct)}");
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync(Ct);
        Assert.Equal(0, kill.ExitCode);
    }
}
