using System.Diagnostics;
using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Spectre.Console;

namespace Dspy.Fluent.Tests;

/// <summary>
/// A key given only through connector options (never the environment, shaped like no built-in pattern) and echoed back
/// by a real HTTP server in every 401 body: it must appear in none of the artifacts the library writes.
/// </summary>
public sealed class CanarySweepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_from_options_echoed_in_401_bodies_reaches_no_error_history_log_span_or_report(bool withMiddleware)
    {
        var canary = "gsk_" + Guid.NewGuid().ToString("N");
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("unused"), new LoopbackServerOptions { RejectAndEchoKeys = true }, Ct);
        var connect = LMConnectOptions.Default with { GetEnvironmentVariable = _ => null, ApiKey = _ => canary };
        var provider = LMSpec.Connect($"openai:gpt-test@{server.BaseUrl}", connect);

        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var spans = new List<Activity>();
        var source = $"canary-{Guid.NewGuid():N}";
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build();
        using var client = withMiddleware
            ? new ChatClientBuilder(provider)
                .UseDspyLogging()
                .UseDspyOpenTelemetry(sourceName: source, configure: c => c.EnableSensitiveData = true)
                .UseLMUsage()
                .UseDspyCache(LMCacheStores.Memory())
                .UseLMRetries(c => { c.BaseDelay = TimeSpan.Zero; c.JitterFactor = 0; })
                .Build(new ServiceCollection().AddSingleton(loggers).BuildServiceProvider())
            : provider;

        var qa = Predict.Create("qa", "question -> answer");
        var settings = new LMSettings { Client = client };
        var single = await qa.TryRunAsync(Example.Create("question", "Capital of France?"), settings, Ct);
        var devset = Enumerable.Range(0, 3).Select(i => Example.Create("question", $"q{i}?").With("answer", "a").WithInputs("question")).ToArray();
        var evaluation = await Evaluate.RunAsync(qa, devset, Metrics.ExactMatch, new EvaluateOptions { Settings = settings, MaxErrors = null }, Ct);
        tracing.ForceFlush();
        var console = new StringWriter();
        ConsoleReport.Write(evaluation, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console), Ansi = AnsiSupport.No }));
        var saved = Path.Combine(Path.GetTempPath(), $"canary-{Guid.NewGuid():N}.json");
        await qa.WithState(ProgramState.Empty).SaveAsync(saved, Ct);

        // The server really echoed the key: otherwise this test would pass without guarding anything.
        Assert.Equal(4, server.Stats.Unauthorized); // one per call: a 401 is not retried
        Assert.False(single.Succeeded);
        Assert.Equal(3, evaluation.ErrorCount);
        var artifacts = new List<(string Where, string Text)>
        {
            ("exception message", single.Error!.Message),
            ("exception ToString", single.Error.ToString()),
            ("history", single.History.Inspect(10)),
            ("evaluation rows", string.Join("\n", evaluation.Rows.Select(r => r.Error))),
            ("JSON report", JsonReport.ToJson(evaluation)),
            ("HTML report", HtmlReport.ToHtml(evaluation)),
            ("console report", console.ToString()),
            ("evaluation summary", evaluation.Summary()),
            ("saved program", await File.ReadAllTextAsync(saved, Ct)),
            ("logs", logs.AllText),
            ("spans", string.Join("\n", spans.Select(s => $"{s.DisplayName} {s.StatusDescription} {string.Join(" ", s.TagObjects)} {string.Join(" ", s.Events.SelectMany(e => e.Tags))}"))),
        };
        File.Delete(saved);
        foreach (var (where, text) in artifacts)
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"The key leaked into the {where}:\n{text}");
        Assert.Contains(SecretRedactor.Mask, single.Error.Message); // the echo arrived and was masked, not dropped
    }
}
