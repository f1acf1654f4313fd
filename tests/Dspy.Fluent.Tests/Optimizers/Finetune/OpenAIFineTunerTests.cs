using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>The OpenAI-compatible fine-tuner against the loopback server's fake fine-tuning API on 127.0.0.1 (real HTTP, fake clock).</summary>
public sealed class OpenAIFineTunerTests
{
    private const string Key = "sk-loopback-secret-4711";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FineTuneDataset Data() => FineTuneDataset.FromChats(Enumerable.Range(0, 3).Select(i => new[]
    {
        new ChatMessage(ChatRole.System, "Answer briefly."),
        new ChatMessage(ChatRole.User, $"[[ ## question ## ]]\nq{i}"),
        new ChatMessage(ChatRole.Assistant, $"[[ ## answer ## ]]\na{i}\n\n[[ ## completed ## ]]\n"),
    }));

    private static OpenAIFineTuner Tuner(LoopbackServer server, TimeProvider clock, string? key = Key) => new(new OpenAIFineTunerOptions
    {
        Endpoint = server.BaseUrl, ApiKey = key, TimeProvider = clock, InitialPollInterval = TimeSpan.FromSeconds(1), MaxPollInterval = TimeSpan.FromSeconds(3),
    });

    /// <summary>Awaits <paramref name="work"/>, advancing the fake clock past every wait it starts; returns the waits in order.</summary>
    internal static async Task<List<TimeSpan>> RunWithClockAsync(Task work, TimerRecordingTimeProvider clock)
    {
        var waits = new List<TimeSpan>();
        while (true)
        {
            var timer = clock.TimersCreated.ReadAsync(Ct).AsTask();
            if (await Task.WhenAny(work, timer) == work) break;
            var due = await timer;
            waits.Add(due);
            clock.Advance(due);
        }
        await work;
        return waits;
    }

    [Fact]
    public async Task A_job_is_uploaded_started_and_polled_with_backoff_through_queued_and_running_to_succeeded()
    {
        await using var server = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions
        {
            FineTuning = new LoopbackFineTuning { QueuedPolls = 2, RunningPolls = 2, ApiKey = Key },
        }, Ct);
        var clock = new TimerRecordingTimeProvider();
        using var tuner = Tuner(server, clock);
        var statuses = new List<string>();
        var data = Data();

        var job = tuner.FineTuneAsync(new FineTuneRequest("gpt-4.1-mini", data) { Suffix = "qa", Progress = new SynchronousProgress<FineTuneStatus>(s => statuses.Add(s.Status)) }, Ct);
        var waits = await RunWithClockAsync(job, clock);
        var model = await job;

        Assert.StartsWith("ft:gpt-4.1-mini:loopback:qa:ftjob-", model.ModelId);
        Assert.False(model.Simulated);
        Assert.Equal(["queued", "running", "succeeded"], model.Statuses);
        Assert.Equal(["queued", "queued", "queued", "running", "running", "succeeded"], statuses);
        Assert.Equal([1, 2, 3, 3, 3], waits.Select(w => w.TotalSeconds));
        Assert.Equal(data.ToJsonl(), Assert.Single(server.UploadedFiles));
    }

    [Fact]
    public async Task A_failed_job_ends_with_a_clear_error_that_carries_the_providers_reason_and_no_key()
    {
        await using var server = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions
        {
            FineTuning = new LoopbackFineTuning { FailWith = "Training file has 3 examples; at least 10 are required." },
        }, Ct);
        var clock = new TimerRecordingTimeProvider();
        using var tuner = Tuner(server, clock);

        var job = tuner.FineTuneAsync(new FineTuneRequest("gpt-4.1-mini", Data()), Ct);
        await RunWithClockAsync(job.ContinueWith(_ => { }, TaskScheduler.Default), clock);
        var error = await Assert.ThrowsAsync<FineTuneJobFailedException>(() => job);

        Assert.Equal("failed", error.Status);
        Assert.StartsWith("ftjob-loopback-", error.JobId);
        Assert.Contains("at least 10 are required", error.Message);
        Assert.DoesNotContain(Key, error.Message);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_without_the_key_in_the_message()
    {
        await using var server = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { FineTuning = new LoopbackFineTuning { ApiKey = Key } }, Ct);
        using var tuner = Tuner(server, new TimerRecordingTimeProvider(), key: "sk-wrong-key-0000");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => tuner.FineTuneAsync(new FineTuneRequest("gpt-4.1-mini", Data()), Ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("upload the training file", error.Message);
        Assert.DoesNotContain("sk-wrong-key-0000", error.Message);
    }

    [Fact]
    public async Task BootstrapFinetune_switches_the_predictors_to_the_model_the_HTTP_job_produced()
    {
        await using var server = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { FineTuning = new LoopbackFineTuning { ApiKey = Key } }, Ct);
        var clock = new TimerRecordingTimeProvider();
        using var tuner = Tuner(server, clock);
        var lm = ToyInstructionLM.Create();
        var finetune = new BootstrapFinetune(Metrics.ExactMatch, tuner, new BootstrapFinetuneOptions { Settings = new LMSettings { Client = lm, Model = "gpt-4.1-mini" } });

        var compile = finetune.CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(6), Ct);
        await RunWithClockAsync(compile, clock);
        var result = await compile;

        Assert.StartsWith("ft:gpt-4.1-mini:loopback::ftjob-", result.State.Find("qa")!.Model);
        var uploaded = FineTuneDataset.FromJsonl(Assert.Single(server.UploadedFiles));
        Assert.Equal(3, uploaded.Count);
        Assert.DoesNotContain(result.Report.Notes, n => n.Contains("SIMULATED", StringComparison.Ordinal));
    }
}
