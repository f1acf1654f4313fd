using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dspy.Fluent.Examples.MultiHopRag;
using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>The main job against an LM that is down, refuses, or fails part of the time (issue 15): never a quiet table of 0 %.</summary>
public sealed class MultiHopRagFailingLMTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Answers like the simulated LM, except that a fixed 30 % of the DSPy prompts (by hash) fail: the server answers
    /// them 500 every time, so they fail after any number of retries (the tests make one attempt, to stay fast).</summary>
    private sealed class PartlyFailingLM() : DelegatingChatClient(new SimulatedLM())
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            var prompt = list[^1].Text;
            if (prompt.Contains("[[ ## ", StringComparison.Ordinal) && prompt.Aggregate(17u, (h, c) => h * 31 + c) % 10 < 3)
                throw new InvalidOperationException("injected failure for this prompt");
            return base.GetResponseAsync(list, options, cancellationToken);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Exit, string Output, string Error, TimeSpan Elapsed)> RunProcessAsync(string lm, IReadOnlyDictionary<string, string>? environment = null)
    {
        var clock = Stopwatch.StartNew();
        var (exit, output, error) = await ExampleProcess.RunAsync("MultiHopRag", ["--lm", lm, "--cache", "off"], Ct, environment);
        return (exit, output, error, clock.Elapsed);
    }

    [Fact]
    public async Task A_port_nothing_listens_on_stops_the_job_within_10_seconds_with_the_connection_error_on_stderr()
    {
        var port = ClosedPort();

        var (exit, output, error, elapsed) = await RunProcessAsync($"openai:x@http://127.0.0.1:{port}/v1");

        Assert.Equal(MultiHopJob.LMUnreachable, exit);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        Assert.StartsWith($"Cannot use the LM openai:x@http://127.0.0.1:{port}/v1: ", error);
        Assert.Contains("Connection refused", error);
        Assert.Contains("that the server is running", error);
        Assert.DoesNotContain("EM", output);
    }

    [Fact]
    public async Task A_server_answering_500_stops_the_job_within_10_seconds_with_the_status_on_stderr()
    {
        await using var server = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { Faults = new LoopbackFaults { ServerError = 1 } }, Ct);

        var (exit, output, error, elapsed) = await RunProcessAsync($"openai:x@{server.BaseUrl}");

        Assert.Equal(MultiHopJob.LMUnreachable, exit);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        Assert.Contains("HTTP 500", error);
        Assert.Contains("the provider failed or is overloaded", error);
        Assert.DoesNotContain("EM", output);
    }

    [Fact]
    public async Task A_server_that_never_answers_stops_the_job_within_10_seconds()
    {
        await using var server = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { Faults = new LoopbackFaults { Hang = 1 } }, Ct);

        var (exit, _, error, elapsed) = await RunProcessAsync($"openai:x@{server.BaseUrl}");

        Assert.Equal(MultiHopJob.LMUnreachable, exit);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        Assert.Contains("did not answer a one-token request within 8 s", error);
    }

    [Fact]
    public async Task A_server_rejecting_the_key_stops_the_job_with_the_401_on_stderr_and_the_key_masked()
    {
        const string key = "gsk_multihop_canary_7f3a9c2e51";
        await using var server = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { RejectAndEchoKeys = true }, Ct);

        var (exit, _, error, elapsed) = await RunProcessAsync($"openai:x@{server.BaseUrl}", new Dictionary<string, string> { ["OPENAI_API_KEY"] = key });

        Assert.Equal(MultiHopJob.LMUnreachable, exit);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        Assert.Contains("HTTP 401", error);
        Assert.Contains("Check the API key", error);
        Assert.DoesNotContain(key, error);
    }

    [Fact]
    public async Task Failed_examples_are_counted_in_the_table_the_JSON_and_the_HTML_report_and_each_programs_first_error_is_on_stderr()
    {
        await using var server = await LoopbackServer.StartAsync(new PartlyFailingLM(), cancellationToken: Ct);
        var folder = Directory.CreateTempSubdirectory("multihop-failing-");
        try
        {
            var (json, html) = (Path.Combine(folder.FullName, "report.json"), Path.Combine(folder.FullName, "report.html"));
            var (output, errors) = (new StringWriter(), new StringWriter());
            var options = MultiHopOptions.Parse(["--lm", $"openai:{SimulatedLM.DefaultModel}@{server.BaseUrl}", "--cache", "off", "--train", "8", "--dev", "12",
                "--max-errors", "12", "--lm-attempts", "1", "--report-json", json, "--report-html", html]);

            var exit = await MultiHopJob.RunAsync(options, output, errors, Ct);

            Assert.True(exit == 0, errors.ToString());
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, Ct));
            var failed = report.RootElement.GetProperty("programs").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("failed").GetInt32());
            Assert.All(failed.Values, n => Assert.InRange(n, 1, 12));
            Assert.Contains("│ failed │", output.ToString());
            Assert.Contains($"│ {failed["basic_rag"],6} │", output.ToString());
            Assert.Contains("<th>Failed</th>", await File.ReadAllTextAsync(html, Ct));
            foreach (var (name, n) in failed)
                Assert.Contains($"{name}: {n} of 12 examples failed (each scored 0). First error, example #", errors.ToString());
            Assert.Contains("injected failure for this prompt", errors.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_the_default_error_budget_a_failing_LM_stops_the_evaluation_and_the_job_exits_4()
    {
        await using var server = await LoopbackServer.StartAsync(new PartlyFailingLM(), cancellationToken: Ct);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var options = MultiHopOptions.Parse(["--lm", $"openai:{SimulatedLM.DefaultModel}@{server.BaseUrl}", "--cache", "off", "--train", "8", "--dev", "20", "--lm-attempts", "1"]);

        var exit = await MultiHopJob.RunAsync(options, output, errors, Ct);

        Assert.Equal(MultiHopJob.StoppedOnErrors, exit);
        Assert.Contains("more than the 2 allowed (--max-errors), so its evaluation stopped after", errors.ToString());
        Assert.Contains("The remaining programs were not evaluated.", errors.ToString());
        Assert.Contains("(stopped)", output.ToString());
    }
}
