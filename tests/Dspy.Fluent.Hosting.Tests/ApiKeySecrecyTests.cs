using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Dspy.Fluent.Hosting.Tests.Hosts;

namespace Dspy.Fluent.Hosting.Tests;

/// <summary>
/// An API key given through configuration authenticates the calls and is masked everywhere the application writes:
/// logs at every level, exported spans, exception text, failed outcomes and start-up errors.
/// </summary>
public sealed class ApiKeySecrecyTests
{
    // Shaped like no provider's key, so only its registration (not a built-in pattern such as sk-…) can mask it.
    private readonly string _key = "hostcanary" + Guid.NewGuid().ToString("N");

    private IHost ServiceCalling(UnauthorizedProvider provider, CapturedLogs logs) => Create(new Dictionary<string, string?>
    {
        ["Dspy:Lm"] = $"openai:gpt-4o-mini@{provider.BaseUrl}",
        ["Dspy:ApiKey"] = _key,
        ["Dspy:Cache:Kind"] = "none",
    }, s =>
    {
        s.AddDspy();
        s.AddDspyProgram("qa", _ => Predict.Create("qa", "question -> answer"));
    }, logs);

    [Fact]
    public async Task A_configured_key_that_the_provider_echoes_in_a_401_body_is_in_no_log_span_or_exception()
    {
        await using var provider = await UnauthorizedProvider.StartAsync(Ct);
        var logs = new CapturedLogs();
        using var host = ServiceCalling(provider, logs);
        await host.StartAsync(Ct);
        var qa = host.Services.GetRequiredService<DspyProgram<Example, Prediction>>();

        Exception error;
        IReadOnlyList<string> spans;
        using (var capture = new ActivityCapture())
        {
            error = await Assert.ThrowsAnyAsync<Exception>(() => qa.RunAsync(Example.Create("question", "Who founded Ivel?"), Ct));
            spans = capture.Exported;
        }
        await host.StopAsync(Ct);
        TestContext.Current.SendDiagnosticMessage(error.Message);

        // The key was really used, and the provider really echoed it: what is masked below was there to mask.
        Assert.Equal([$"Bearer {_key}"], provider.Authorizations);
        var text = error.ToString();
        Assert.Contains("401", text, StringComparison.Ordinal);
        Assert.Contains($"Incorrect API key provided: {SecretRedactor.Mask}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_key, text, StringComparison.Ordinal);

        Assert.Contains(logs.Entries, e => e.StartsWith("Trace ", StringComparison.Ordinal)); // every level was captured
        Assert.Contains(logs.Entries, e => e.Contains(SecretRedactor.Mask, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(_key, StringComparison.Ordinal));

        Assert.Contains(spans, s => s.Contains("status=Error", StringComparison.Ordinal) && s.Contains(SecretRedactor.Mask, StringComparison.Ordinal));
        Assert.DoesNotContain(spans, s => s.Contains(_key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_outcome_carries_the_error_with_the_key_masked()
    {
        await using var provider = await UnauthorizedProvider.StartAsync(Ct);
        using var host = ServiceCalling(provider, new CapturedLogs());
        await host.StartAsync(Ct);
        var qa = host.Services.GetRequiredService<DspyProgram<Example, Prediction>>();

        var outcome = await qa.TryRunAsync(Example.Create("question", "Who founded Ivel?"), Ct);
        await host.StopAsync(Ct);

        Assert.False(outcome.Succeeded);
        Assert.Contains($"Incorrect API key provided: {SecretRedactor.Mask}", outcome.Error!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_key, outcome.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.History.Calls, c => (c.Error ?? "").Contains(_key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_configured_key_is_registered_with_the_redactor_of_the_client_it_authenticates_not_a_global_one()
    {
        using var host = Create(new Dictionary<string, string?>
        {
            ["Dspy:Lm"] = "openai:gpt-4o-mini@http://127.0.0.1:9/v1",
            ["Dspy:ApiKey"] = _key,
        }, s => s.AddDspy().ConfigureConnectOptions(o => o with { GetEnvironmentVariable = _ => null }));
        await host.StartAsync(Ct);

        var client = host.Services.GetRequiredService<LMSettings>().Client;

        Assert.Equal($"key {SecretRedactor.Mask}", SecretRedactor.For(client).Redact($"key {_key}"));
        Assert.Equal($"key {_key}", new SecretRedactor().Redact($"key {_key}")); // learned by this client, not by a global
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task Start_up_errors_about_the_section_never_repeat_the_key_even_under_a_misspelled_name()
    {
        var logs = new CapturedLogs();
        using var host = Create(new Dictionary<string, string?> { ["Dspy:Lm"] = "simulated", ["Dspy:ApiKye"] = _key }, s => s.AddDspy(), logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.StartsWith("Dspy:ApiKye is not a setting", Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain(_key, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Contains(_key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_configured_for_a_registered_client_that_cannot_read_it_is_reported_without_its_value()
    {
        using var host = Create(new Dictionary<string, string?> { ["Dspy:ApiKey"] = _key }, s =>
        {
            s.AddChatClient(new SimulatedLM());
            s.AddDspy();
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal("Dspy:ApiKey is set but Dspy:Lm is not: the registered IChatClient does not read it. Give the key to that client, or set Dspy:Lm.",
            Assert.Single(error.Failures));
        Assert.DoesNotContain(_key, error.ToString(), StringComparison.Ordinal);
    }
}
