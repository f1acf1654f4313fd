using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Dspy.Fluent.Hosting.Tests.Hosts;

namespace Dspy.Fluent.Hosting.Tests;

/// <summary>AddDspy: what the Dspy section turns into, and how a wrong section stops start-up.</summary>
public sealed class AddDspyConfigurationTests
{
    private static readonly Example Question = Example.Create("question", "What is the capital of Quillby?");

    [Fact]
    public async Task The_Dspy_section_is_bound_into_the_registered_LMSettings_and_pipeline()
    {
        using var host = Create(new Dictionary<string, string?>
        {
            ["Dspy:Lm"] = "simulated",
            ["Dspy:Temperature"] = "0.25",
            ["Dspy:MaxTokens"] = "300",
            ["Dspy:Retries:MaxAttempts"] = "6",
            ["Dspy:Retries:BaseDelay"] = "00:00:00.250",
            ["Dspy:RateLimit:RequestsPerMinute"] = "600",
            ["Dspy:CallTimeout"] = "00:00:20",
        }, s => s.AddDspy());

        await host.StartAsync(Ct);
        var settings = host.Services.GetRequiredService<LMSettings>();

        Assert.Equal(0.25f, settings.Temperature);
        Assert.Equal(300, settings.MaxTokens);
        var client = settings.Client!;
        Assert.NotNull(client.GetService<SimulatedLM>());
        Assert.NotNull(client.GetService<DspyCachingChatClient>()); // memory cache by default
        var retries = client.GetService<RetryingChatClient>()!;
        Assert.Equal(6, retries.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), retries.BaseDelay);
        Assert.NotNull(client.GetService<RateLimitingChatClient>());
        Assert.NotNull(client.GetService<TimeoutChatClient>());
        Assert.NotNull(client.GetService<OpenTelemetryChatClient>());
        Assert.NotNull(client.GetService<LoggingChatClient>());
        Assert.Equal("simulated", host.Services.GetRequiredService<IOptions<DspyOptions>>().Value.Lm);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task A_section_given_explicitly_is_bound_and_its_keys_are_named_by_their_full_path()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Services:Llm:Lm"] = "simulated", ["Services:Llm:MaxTokens"] = "0" }).Build();
        using var host = Create(new Dictionary<string, string?>(), s => s.AddDspy(configuration.GetSection("Services:Llm")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal(["Services:Llm:MaxTokens is 0; it must be 1 or more."], error.Failures);
    }

    [Fact]
    public async Task Cache_kind_none_sends_every_call_to_the_LM()
    {
        var lm = ScriptedChatClient.Answering(_ => new Dictionary<string, object?> { ["answer"] = "Ivel" });
        using var host = Create(new Dictionary<string, string?> { ["Dspy:Cache:Kind"] = "none" }, s =>
        {
            s.AddChatClient(lm);
            s.AddDspy();
        });
        await host.StartAsync(Ct);
        var settings = host.Services.GetRequiredService<LMSettings>();

        await Predict.Create("qa", "question -> answer").RunAsync(Question, settings, Ct);
        await Predict.Create("qa", "question -> answer").RunAsync(Question, settings, Ct);

        Assert.Equal(2, lm.CallCount);
    }

    [Fact]
    public async Task The_IChatClient_registered_with_AddChatClient_is_used_when_no_Lm_is_configured_and_replies_are_cached()
    {
        var lm = ScriptedChatClient.Answering(_ => new Dictionary<string, object?> { ["answer"] = "Ivel" });
        using var host = Create(new Dictionary<string, string?>(), s =>
        {
            s.AddChatClient(lm);
            s.AddDspy();
        });
        await host.StartAsync(Ct);
        var settings = host.Services.GetRequiredService<LMSettings>();

        var first = await Predict.Create("qa", "question -> answer").RunAsync(Question, settings, Ct);
        var second = await Predict.Create("qa", "question -> answer").RunAsync(Question, settings, Ct);

        Assert.Equal("Ivel", first.GetText("answer"));
        Assert.Equal("Ivel", second.GetText("answer"));
        Assert.Equal(1, lm.CallCount);
    }

    [Fact]
    public async Task Stopping_the_host_does_not_dispose_the_applications_own_client_twice_through_the_pipeline()
    {
        var lm = new DisposeCountingClient();
        using (var host = Create(new Dictionary<string, string?>(), s =>
               {
                   s.AddChatClient(lm);
                   s.AddDspy();
               }))
        {
            await host.StartAsync(Ct);
            await host.StopAsync(Ct);
        }

        Assert.Equal(1, lm.Disposals); // by the container that AddChatClient registered it with, not again by the pipeline
    }

    [Fact]
    public async Task Every_problem_of_the_section_is_listed_in_one_start_up_error()
    {
        using var host = Create(new Dictionary<string, string?>
        {
            ["Dspy:Lm"] = "nosuchscheme:model",
            ["Dspy:Temperature"] = "-1",
            ["Dspy:Concurrency"] = "0",
            ["Dspy:Cache:Kind"] = "sqlit",
            ["Dspy:Retries:MaxAttempts"] = "0",
            ["Dspy:RateLimit:RequestsPerMinute"] = "0",
        }, s => s.AddDspy());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
        TestContext.Current.SendDiagnosticMessage(error.Message);

        Assert.Equal(6, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Dspy:Lm 'nosuchscheme:model' is not a usable LM spec: Unknown LM scheme 'nosuchscheme'", StringComparison.Ordinal));
        Assert.Contains("Dspy:Temperature is -1; it must be 0 or more.", error.Failures);
        Assert.Contains("Dspy:Concurrency is 0; it must be 1 or more (leave it unset for no limit).", error.Failures);
        Assert.Contains("Dspy:Cache:Kind 'sqlit' is not a cache kind; use one of: none, memory, sqlite, redis, distributed.", error.Failures);
        Assert.Contains("Dspy:Retries:MaxAttempts is 0; it must be 1 or more (1 turns retries off).", error.Failures);
        Assert.Contains("Dspy:RateLimit:RequestsPerMinute is 0; it must be 1 or more (leave it unset for no limit).", error.Failures);
    }

    [Fact]
    public async Task A_misspelled_key_and_a_value_that_does_not_convert_are_listed_instead_of_being_ignored_or_thrown_one_at_a_time()
    {
        using var host = Create(new Dictionary<string, string?>
        {
            ["Dspy:Lm"] = "simulated",
            ["Dspy:Tempreature"] = "0.2",
            ["Dspy:Concurrency"] = "eight",
            ["Dspy:Retries:MaxAttempt"] = "3",
        }, s => s.AddDspy());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Dspy:Tempreature is not a setting; the settings here are: Lm, ApiKey, Temperature,", StringComparison.Ordinal));
        Assert.Contains("Dspy:Concurrency is 'eight', which is not a whole number.", error.Failures);
        Assert.Contains("Dspy:Retries:MaxAttempt is not a setting; the settings here are: MaxAttempts, BaseDelay, MaxDelay, MaxTotalWait.", error.Failures);
    }

    [Fact]
    public async Task No_Lm_and_no_registered_client_fails_start_up_saying_how_to_give_one()
    {
        using var host = Create(new Dictionary<string, string?>(), s => s.AddDspy());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.StartsWith("Dspy:Lm is not set and no IChatClient is registered: set Dspy:Lm to an LM spec", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task An_Lm_spec_and_a_registered_client_together_fail_start_up_so_it_is_never_unclear_which_LM_runs()
    {
        using var host = Create(new Dictionary<string, string?> { ["Dspy:Lm"] = "simulated" }, s =>
        {
            s.AddChatClient(new SimulatedLM());
            s.AddDspy();
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal("Dspy:Lm is 'simulated' and an IChatClient is registered with AddChatClient as well; use one of the two, so it is clear which LM runs.",
            Assert.Single(error.Failures));
    }

    [Fact]
    public async Task The_sqlite_cache_kind_opens_its_file_relative_to_the_content_root_and_serves_repeats_from_it()
    {
        using var folder = TempFolder();
        var lm = ScriptedChatClient.Answering(_ => new Dictionary<string, object?> { ["answer"] = "Ivel" });
        using var host = Create(new Dictionary<string, string?> { ["Dspy:Cache:Kind"] = "SQLite", ["Dspy:Cache:Path"] = "cache/lm.sqlite" }, s =>
        {
            s.AddChatClient(lm);
            s.AddDspy();
        }, contentRoot: folder.Path);
        await host.StartAsync(Ct);
        var settings = host.Services.GetRequiredService<LMSettings>();

        await Predict.Create("qa", "question -> answer").RunAsync(Question, settings, Ct);
        await Predict.Create("qa", "question -> answer").RunAsync(Question, settings, Ct);

        Assert.True(File.Exists(folder.File("cache/lm.sqlite")));
        Assert.Equal(1, lm.CallCount);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task The_redis_kind_without_a_server_configuration_is_a_listed_problem()
    {
        using var host = Create(new Dictionary<string, string?> { ["Dspy:Lm"] = "simulated", ["Dspy:Cache:Kind"] = "redis", ["Dspy:Cache:Path"] = "x.db" }, s => s.AddDspy());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        // This project does not reference Dspy.Fluent.Caching.Redis, so the missing package is what is reported first.
        Assert.Equal(
        [
            "Dspy:Cache:Kind is 'redis' but the package Dspy.Fluent.Caching.Redis is not referenced; add it (`dotnet add package Dspy.Fluent.Caching.Redis`).",
            "Dspy:Cache:Path is set but the cache kind is 'redis'; only 'sqlite' reads it.",
        ], error.Failures);
    }

    [Fact]
    public async Task Concurrency_holds_the_calls_in_flight_to_the_configured_number()
    {
        var inFlight = 0;
        var peak = 0;
        var arrived = 0;
        var twoArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lm = ScriptedChatClient.Answering(_ => new Dictionary<string, object?> { ["answer"] = "Ivel" });
        lm.BeforeReply = async (_, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            if (Interlocked.Increment(ref arrived) == 2) twoArrived.TrySetResult();
            await release.Task.WaitAsync(ct);
            Interlocked.Decrement(ref inFlight);
        };
        using var host = Create(new Dictionary<string, string?> { ["Dspy:Concurrency"] = "2", ["Dspy:Cache:Kind"] = "none" }, s =>
        {
            s.AddChatClient(lm);
            s.AddDspy();
        });
        await host.StartAsync(Ct);
        var settings = host.Services.GetRequiredService<LMSettings>();
        var qa = Predict.Create("qa", "question -> answer");

        var runs = Enumerable.Range(0, 6).Select(i => qa.RunAsync(Example.Create("question", $"q{i}"), settings, Ct)).ToList();
        await twoArrived.Task.WaitAsync(Ct);
        var waitingWhileTwoRun = 6 - Volatile.Read(ref arrived);
        release.SetResult();
        await Task.WhenAll(runs);

        Assert.Equal(4, waitingWhileTwoRun);
        Assert.Equal(2, peak);
        Assert.Equal(6, lm.CallCount);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    private sealed class DisposeCountingClient : IChatClient
    {
        public int Disposals;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "[[ ## answer ## ]]\nIvel")));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose() => Disposals++;
    }
}
