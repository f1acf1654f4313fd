using System.ClientModel;
using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dspy.Fluent.Tests;

public sealed class RetryingChatClientTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "hi")];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (IChatClient Client, TimerRecordingTimeProvider Time) Build(FakeChatClient inner, Action<RetryingChatClient>? configure = null)
    {
        var time = new TimerRecordingTimeProvider();
        var client = new ChatClientBuilder(inner).UseLMRetries(c =>
        {
            c.TimeProvider = time;
            c.JitterFactor = 0;
            configure?.Invoke(c);
        }).Build();
        return (client, time);
    }

    private static ClientResultException OpenAIError(int status, string message, params (string, string)[] headers) =>
        new(new FakePipelineResponse(status, "{\"error\":{\"message\":\"" + message + "\"}}", headers));

    [Fact]
    public async Task A_429_with_Retry_After_seconds_waits_exactly_that_long()
    {
        var inner = FakeChatClient.FailingThen(OpenAIError(429, "Rate limit reached", ("Retry-After", "7")));
        var (client, time) = Build(inner);

        var call = client.GetResponseAsync(Prompt, null, Ct);
        var wait = await time.TimersCreated.ReadAsync(Ct);
        time.Advance(wait - TimeSpan.FromMilliseconds(1));
        var attemptsBeforeTheWaitEnds = inner.Calls;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var response = await call;

        Assert.Equal(TimeSpan.FromSeconds(7), wait);
        Assert.Equal(1, attemptsBeforeTheWaitEnds);
        Assert.Equal(2, inner.Calls);
        var retry = Assert.Single(DspyChatOptions.GetRetries(response));
        Assert.Equal(new LMRetry { Attempt = 1, Reason = "HTTP 429", StatusCode = 429, Wait = TimeSpan.FromSeconds(7), FromRetryAfter = true }, retry);
    }

    [Fact]
    public async Task A_Retry_After_given_as_an_HTTP_date_waits_until_that_date()
    {
        var time = new TimerRecordingTimeProvider();
        var at = time.GetUtcNow().AddSeconds(12).ToString("r");
        var inner = FakeChatClient.FailingThen(OpenAIError(503, "Overloaded", ("Retry-After", at)));
        var client = new ChatClientBuilder(inner).UseLMRetries(c => c.TimeProvider = time).Build();

        var call = client.GetResponseAsync(Prompt, null, Ct);
        var wait = await time.TimersCreated.ReadAsync(Ct);
        time.Advance(wait);
        await call;

        Assert.Equal(TimeSpan.FromSeconds(12), wait);
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially()
    {
        var inner = FakeChatClient.FailingThen(
            new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway),
            new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable),
            OpenAIError(500, "server error"));
        var (client, time) = Build(inner, c => c.BaseDelay = TimeSpan.FromSeconds(1));

        var call = client.GetResponseAsync(Prompt, null, Ct);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            waits.Add(await time.TimersCreated.ReadAsync(Ct));
            time.Advance(waits[^1]);
        }
        var response = await call;

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], waits);
        Assert.Equal(["HTTP 502", "HTTP 503", "HTTP 500"], DspyChatOptions.GetRetries(response).Select(r => r.Reason));
    }

    [Fact]
    public async Task Jittered_backoff_stays_within_the_jitter_band()
    {
        var inner = FakeChatClient.FailingThen(new LMTransientException("overloaded", 503));
        var (client, time) = Build(inner, c => { c.JitterFactor = 0.2; c.BaseDelay = TimeSpan.FromSeconds(10); });

        var call = client.GetResponseAsync(Prompt, null, Ct);
        var wait = await time.TimersCreated.ReadAsync(Ct);
        time.Advance(wait);
        await call;

        Assert.InRange(wait, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_never_retried()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var inner = new FakeChatClient((_, _, token) =>
        {
            cts.Cancel();
            token.ThrowIfCancellationRequested();
            return Task.FromResult(FakeChatClient.Reply("unreachable"));
        });
        var (client, _) = Build(inner);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Prompt, null, cts.Token));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task A_cancellation_the_caller_did_not_ask_for_is_a_timeout_and_is_retried()
    {
        var inner = FakeChatClient.FailingThen(new TaskCanceledException("HttpClient.Timeout of 100 seconds elapsed"));
        var (client, time) = Build(inner);

        var call = client.GetResponseAsync(Prompt, null, Ct);
        time.Advance(await time.TimersCreated.ReadAsync(Ct));
        var response = await call;

        Assert.Equal("timeout", Assert.Single(DspyChatOptions.GetRetries(response)).Reason);
    }

    [Fact]
    public async Task After_the_attempt_cap_the_call_fails_with_a_typed_error_that_says_what_happened_and_what_to_do()
    {
        var inner = new FakeChatClient((_, _, _) => Task.FromException<ChatResponse>(OpenAIError(429, "Rate limit reached for gpt-4o-mini", ("Retry-After", "2"))));
        var (client, time) = Build(inner, c => c.MaxAttempts = 3);
        var options = new ChatOptions { ModelId = "gpt-4o-mini", AdditionalProperties = new() { [DspyChatOptions.PredictorKey] = "generate_answer" } };

        var call = client.GetResponseAsync(Prompt, options, Ct);
        for (var i = 0; i < 2; i++) time.Advance(await time.TimersCreated.ReadAsync(Ct));
        var error = await Assert.ThrowsAsync<LMCallFailedException>(() => call);

        Assert.Equal(3, inner.Calls);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(4), error.TotalWait);
        Assert.Equal(2, error.Retries.Count);
        Assert.Contains("HTTP 429 after 3 attempts and 4 s of waiting", error.Message);
        Assert.Contains("model 'gpt-4o-mini' from predictor 'generate_answer'", error.Message);
        Assert.True(error.Message.Contains("Rate limit reached"), error.Message);
        Assert.Contains("What to do:", error.Message);
        Assert.Contains("UseLMRateLimit", error.Message);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_remaining_wait_budget_fails_at_once()
    {
        var inner = FakeChatClient.FailingThen(new LMTransientException("slow down", 429, TimeSpan.FromMinutes(10)));
        var (client, _) = Build(inner, c => c.MaxTotalWait = TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<LMCallFailedException>(() => client.GetResponseAsync(Prompt, null, Ct));

        Assert.Equal(1, inner.Calls);
        Assert.Contains("next wait of 10 min (Retry-After) would pass the 1 min total-wait cap", error.Message);
    }

    [Fact]
    public async Task A_permanent_error_is_not_retried_and_advises_checking_the_key()
    {
        var inner = FakeChatClient.FailingThen(OpenAIError(401, "Incorrect API key provided"));
        var (client, _) = Build(inner);

        var error = await Assert.ThrowsAsync<LMCallFailedException>(() => client.GetResponseAsync(Prompt, null, Ct));

        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, error.Attempts);
        Assert.Contains("on the first attempt", error.Message);
        Assert.Contains("API key", error.Advice);
    }

    [Fact]
    public async Task An_error_that_is_not_a_transport_failure_passes_through_untouched()
    {
        var bug = new InvalidOperationException("a bug");
        var inner = FakeChatClient.FailingThen(bug);
        var (client, _) = Build(inner);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Prompt, null, Ct));

        Assert.Same(bug, thrown);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task A_streaming_call_is_retried_before_its_first_update()
    {
        var inner = FakeChatClient.FailingThen(new LMTransientException("overloaded", 503));
        var (client, time) = Build(inner);

        var call = client.GetStreamingResponseAsync(Prompt, null, Ct).ToChatResponseAsync(Ct);
        time.Advance(await time.TimersCreated.ReadAsync(Ct));
        var response = await call;

        Assert.Equal("ok", response.Text);
        Assert.Single(DspyChatOptions.GetRetries(response));
    }

    [Fact]
    public async Task Retries_and_their_waits_show_in_the_predictors_history()
    {
        var scripted = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "4" });
        var failures = 0;
        var flaky = new FakeChatClient((_, options, token) =>
            Interlocked.Increment(ref failures) == 1
                ? Task.FromException<ChatResponse>(new LMTransientException("overloaded", 503))
                : scripted.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], options, token));
        var time = new TimerRecordingTimeProvider();
        var client = new ChatClientBuilder(flaky).UseLMRetries(c => { c.TimeProvider = time; c.JitterFactor = 0; }).Build();
        var qa = Predict.Create("qa", "question -> answer");

        var run = qa.TryRunAsync(Example.Create("question", "2 + 2?"), new LMSettings { Client = client }, Ct);
        time.Advance(await time.TimersCreated.ReadAsync(Ct));
        var outcome = await run;

        var call = Assert.Single(outcome.History.Calls);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(call.Retries).Wait);
        Assert.Contains("1 retry (HTTP 503, waited 1 s)", outcome.History.Inspect(includeTimestamps: false));
    }

    [Fact]
    public async Task Each_retry_is_announced_and_logged_before_its_wait()
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(logs));
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddSingleton(loggers).BuildServiceProvider();
        var time = new TimerRecordingTimeProvider();
        var announced = new List<LMRetry>();
        var inner = FakeChatClient.FailingThen(new LMTransientException("overloaded", 503));
        using var client = new ChatClientBuilder(inner)
            .UseLMRetries(c => { c.TimeProvider = time; c.JitterFactor = 0; c.OnRetry = announced.Add; })
            .Build(services);

        var call = client.GetResponseAsync(Prompt, null, Ct);
        await time.TimersCreated.ReadAsync(Ct);
        var announcedBeforeTheWaitEnded = announced.ToArray();
        time.Advance(TimeSpan.FromSeconds(1));
        await call;

        Assert.Equal("HTTP 503", Assert.Single(announcedBeforeTheWaitEnded).Reason);
        Assert.Contains(logs.Lines, l => l.Contains("attempt 1 of 5 failed (HTTP 503: overloaded); retrying in 1 s", StringComparison.Ordinal));
    }
}
