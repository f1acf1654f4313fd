using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The whole LM path over real HTTP on 127.0.0.1: the simulated LM behind the loopback OpenAI-compatible server, reached
/// through the OpenAI connector — with and without injected faults.
/// </summary>
public sealed class LoopbackEvaluationTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly SyntheticWorld _world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 31, Questions = 200 });
    private readonly Bm25Retriever _retriever;
    private readonly Program<Example, Prediction> _program;

    public LoopbackEvaluationTests()
    {
        _retriever = Bm25Retriever.Build(_world.Corpus);
        _program = TestHost.SampleRag.Create(_retriever);
    }

    public void Dispose() => _retriever.Dispose();

    private async Task<EvaluationResult> EvaluateAsync(IChatClient client, int count = 200) =>
        await Evaluate.RunAsync(_program, _world.ToExamples().Take(count), Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = client }, MaxErrors = null }, Ct);

    [Fact]
    public async Task An_evaluation_over_HTTP_scores_exactly_as_the_in_process_simulated_LM()
    {
        await using var server = await LoopbackServer.StartAsync(new SimulatedLM(), cancellationToken: Ct);
        using var http = LMSpec.Connect($"openai:{SimulatedLM.DefaultModel}@{server.BaseUrl}");

        var inProcess = await EvaluateAsync(new SimulatedLM(), 140);
        var overHttp = await EvaluateAsync(http, 140);

        Assert.Equal(inProcess.Score, overHttp.Score);
        Assert.Equal(inProcess.Rows.Select(r => r.Prediction?.GetText("answer")), overHttp.Rows.Select(r => r.Prediction?.GetText("answer")));
        Assert.Equal(overHttp.Usage.LMCalls, server.Stats.Requests);
    }

    [Fact]
    public async Task With_thirty_percent_faults_every_example_is_accounted_for_and_scores_as_without_faults()
    {
        var faults = new LoopbackFaults { TooManyRequests = 0.1, ServerError = 0.1, Hang = 0.1, Seed = 3, RetryAfter = TimeSpan.Zero };
        await using var clean = await LoopbackServer.StartAsync(new SimulatedLM(), cancellationToken: Ct);
        await using var faulty = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { Faults = faults }, Ct);
        IChatClient Client(LoopbackServer server) => new ChatClientBuilder(LMSpec.Connect($"openai:{SimulatedLM.DefaultModel}@{server.BaseUrl}"))
            .UseLMRetries(r => { r.MaxAttempts = 8; r.BaseDelay = TimeSpan.FromMilliseconds(5); r.MaxDelay = TimeSpan.FromMilliseconds(50); })
            .UseLMTimeout(TimeSpan.FromMilliseconds(400)) // a hung request fails fast and is retried
            .Build();
        using var cleanClient = Client(clean);
        using var faultyClient = Client(faulty);

        var withoutFaults = await EvaluateAsync(cleanClient);
        var withFaults = await EvaluateAsync(faultyClient);

        var retries = withFaults.Rows.SelectMany(r => r.Calls).SelectMany(c => c.Retries).ToList();
        var stats = faulty.Stats;
        TestContext.Current.SendDiagnosticMessage(
            $"200 examples, 30% faults: {stats.Requests} requests, {stats.TooManyRequests} × 429, {stats.ServerErrors} × 500, {stats.Hung} hung; " +
            $"{retries.Count} retries, {withFaults.ErrorCount} errors; score {withFaults.Score:P1} vs {withoutFaults.Score:P1} without faults; " +
            $"wall {withFaults.WallTime.TotalSeconds:0.0} s vs {withoutFaults.WallTime.TotalSeconds:0.0} s");
        Assert.Equal(200, withFaults.Rows.Count);
        // The simulated model's own format breaks are error rows in both runs; no transport fault may add one.
        Assert.Equal(withoutFaults.Rows.Select(r => r.Error), withFaults.Rows.Select(r => r.Error));
        Assert.Equal(withoutFaults.Score, withFaults.Score);
        Assert.True(stats.TooManyRequests > 0 && stats.ServerErrors > 0 && stats.Hung > 0, stats.ToString());
        // Each 429 and 500 is retried exactly once. Each hung request times out and is retried; on a loaded machine a slow
        // request that was not hung can time out too, so timeouts are at least the hangs (wall time is never asserted).
        Assert.Equal(stats.TooManyRequests + stats.ServerErrors, retries.Count(r => r.StatusCode is 429 or 500));
        Assert.InRange(retries.Count(r => r.StatusCode is null), stats.Hung, stats.Requests);
        Assert.Contains(retries, r => r.StatusCode == 429 && r.FromRetryAfter);
        Assert.Contains(retries, r => r.StatusCode == 500 && r.Wait > TimeSpan.Zero);
        Assert.Contains(withFaults.Rows, r => r.RenderCalls().Contains("retr", StringComparison.Ordinal));
    }
}
