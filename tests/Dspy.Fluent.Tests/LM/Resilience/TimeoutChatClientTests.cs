using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class TimeoutChatClientTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "hi")];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_past_its_deadline_fails_with_a_timeout_even_if_the_client_ignores_cancellation()
    {
        var never = new TaskCompletionSource<ChatResponse>();
        var inner = new FakeChatClient((_, _, _) => never.Task);
        var time = new TimerRecordingTimeProvider();
        using var client = new ChatClientBuilder(inner).UseLMTimeout(TimeSpan.FromSeconds(30), c => c.TimeProvider = time).Build();

        var call = client.GetResponseAsync(Prompt, null, Ct);
        var deadline = await time.TimersCreated.ReadAsync(Ct);
        time.Advance(deadline);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);

        Assert.Equal(TimeSpan.FromSeconds(30), deadline);
        Assert.Contains("within 30 s", error.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_is_reported_as_cancellation_not_timeout()
    {
        var inner = new FakeChatClient(async (_, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return FakeChatClient.Reply("unreachable");
        });
        using var client = new ChatClientBuilder(inner).UseLMTimeout(TimeSpan.FromSeconds(30), c => c.TimeProvider = new TimerRecordingTimeProvider()).Build();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = client.GetResponseAsync(Prompt, null, cts.Token);
        await inner.Started.ReadAsync(Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_with_a_fresh_deadline()
    {
        var inner = new FakeChatClient(async (i, _, token) =>
        {
            if (i == 0) await Task.Delay(Timeout.Infinite, token);
            return FakeChatClient.Reply("ok");
        });
        var time = new TimerRecordingTimeProvider();
        using var client = new ChatClientBuilder(inner)
            .UseLMRetries(c => { c.TimeProvider = time; c.JitterFactor = 0; })
            .UseLMTimeout(TimeSpan.FromSeconds(5), c => c.TimeProvider = time)
            .Build();

        var call = client.GetResponseAsync(Prompt, null, Ct);
        time.Advance(await time.TimersCreated.ReadAsync(Ct)); // the first attempt's deadline
        time.Advance(await time.TimersCreated.ReadAsync(Ct)); // the backoff before the second attempt
        var response = await call;

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, inner.Calls);
        Assert.Equal("timeout", Assert.Single(DspyChatOptions.GetRetries(response)).Reason);
    }
}
