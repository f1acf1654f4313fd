using System.ClientModel;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Dspy.Fluent.Tests;

/// <summary>
/// With an API key configured as a secret and echoed back by a failing provider, nothing this library writes — logs,
/// spans, exception messages, cache keys, history — contains it.
/// </summary>
public sealed class SecretScanTests
{
    // Deliberately not shaped like an OpenAI key, so only the configured secret (not a built-in pattern) can catch it.
    private const string ApiKey = "tok_6f1c9b2e8a7d4c3b2a19";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_log_span_exception_cache_key_or_history_contains_the_configured_api_key()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var services = new ServiceCollection()
            .AddSingleton(new SecretRedactor().AddSecret(ApiKey))
            .AddSingleton(loggerFactory)
            .BuildServiceProvider();
        var spans = new List<Activity>();
        var source = $"secret-scan-{Guid.NewGuid():N}";
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build();
        var store = new RecordingDistributedCache(new LruDistributedCache());
        var scripted = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "Paris" });
        var provider = new FakeChatClient((i, options, token) => i switch
        {
            0 => Task.FromException<ChatResponse>(new ClientResultException(new FakePipelineResponse(401,
                $"{{\"error\":{{\"message\":\"Incorrect API key provided: {ApiKey}.\"}}}}"))),
            1 => Task.FromException<ChatResponse>(new HttpRequestException($"500 for request with Authorization: Bearer {ApiKey}", null, HttpStatusCode.InternalServerError)),
            _ => scripted.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], options, token),
        });
        using var client = new ChatClientBuilder(provider)
            .UseDspyLogging()
            .UseDspyOpenTelemetry(sourceName: source, configure: c => c.EnableSensitiveData = true)
            .UseLMUsage()
            .UseDspyCache(store)
            .UseLMRetries(c => { c.BaseDelay = TimeSpan.Zero; c.JitterFactor = 0; })
            .Build(services);
        var qa = Predict.Create("qa", "question -> answer");
        var settings = new LMSettings { Client = client, ChatOptions = new ChatOptions { AdditionalProperties = new() { ["api_key"] = ApiKey } } };

        var failed = await qa.TryRunAsync(Example.Create("question", "Capital of France?"), settings, Ct);
        var succeeded = await qa.TryRunAsync(Example.Create("question", "Capital of France?"), settings, Ct);
        tracing.ForceFlush();

        Assert.IsType<LMCallFailedException>(failed.Error);
        Assert.True(succeeded.Succeeded);
        Assert.NotEmpty(logs.Lines);
        Assert.NotEmpty(spans);
        var everything = new[]
        {
            ("logs", logs.AllText),
            ("spans", string.Join("\n", spans.Select(SpanText))),
            ("exception", failed.Error!.ToString()),
            ("cache keys", string.Join("\n", store.KeysWritten.Concat(store.KeysRead))),
            ("history", failed.History.Inspect(10) + succeeded.History.Inspect(10)),
        };
        foreach (var (where, text) in everything)
            Assert.False(text.Contains(ApiKey, StringComparison.Ordinal), $"The API key leaked into the {where}:\n{text}");
        Assert.Contains("[redacted]", failed.Error.Message);
        Assert.Contains("[redacted]", logs.AllText);
    }

    [Fact]
    public async Task Each_call_gets_a_GenAI_span_with_the_predictor_and_cache_outcome()
    {
        var spans = new List<Activity>();
        var source = $"genai-{Guid.NewGuid():N}";
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build();
        var scripted = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "Paris" });
        using var client = new ChatClientBuilder(scripted).UseDspyOpenTelemetry(sourceName: source).UseDspyCache(new LruDistributedCache()).Build();
        var qa = Predict.Create("generate_answer", "question -> answer");
        var settings = new LMSettings { Client = client, Model = "gpt-4o-mini" };

        await qa.RunAsync(Example.Create("question", "Capital of France?"), settings, Ct);
        await qa.RunAsync(Example.Create("question", "Capital of France?"), settings, Ct);
        tracing.ForceFlush();

        Assert.Equal(2, spans.Count);
        Assert.All(spans, s =>
        {
            Assert.Equal("chat gpt-4o-mini", s.DisplayName);
            Assert.Equal("chat", s.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("gpt-4o-mini", s.GetTagItem("gen_ai.request.model"));
            Assert.Equal("generate_answer", s.GetTagItem("dspy.predictor"));
        });
        Assert.Equal([false, true], spans.Select(s => (bool)s.GetTagItem("dspy.cache_hit")!));
        Assert.NotNull(spans[0].GetTagItem("gen_ai.usage.input_tokens"));
    }

    [Fact]
    public async Task Spans_of_a_pipeline_without_listeners_leave_the_callers_own_span_alone()
    {
        using var outerSource = new ActivitySource($"outer-{Guid.NewGuid():N}");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == outerSource, Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var client = new ChatClientBuilder(FakeChatClient.Counting()).UseDspyOpenTelemetry(sourceName: $"unlistened-{Guid.NewGuid():N}").Build();
        using var outer = outerSource.StartActivity("caller");

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")],
            new ChatOptions { AdditionalProperties = new() { [DspyChatOptions.PredictorKey] = "qa" } }, Ct);

        Assert.Null(outer!.GetTagItem("dspy.predictor"));
    }

    private static string SpanText(Activity span) =>
        $"{span.DisplayName} {span.StatusDescription} " +
        string.Join(" ", span.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " +
        string.Join(" ", span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")));
}
