using System.ClientModel;
using System.Net;
using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// What each HTTP connector raises for each injected fault — the contract retry middleware builds on:
/// status errors keep their status (and Retry-After where the SDK exposes it), cut-short replies become
/// <see cref="HttpIOException"/>, and a hang ends in the client's own timeout.
/// </summary>
public sealed class ConnectorFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<LoopbackServer> StartAsync(LoopbackFaults faults) =>
        LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("a reply long enough to be cut in half"), new LoopbackServerOptions { Faults = faults }, Ct);

    private static async Task<Exception> FailureAsync(IChatClient lm, bool stream)
    {
        try
        {
            if (stream) await foreach (var _ in lm.GetStreamingResponseAsync("hello", null, Ct)) { }
            else await lm.GetResponseAsync("hello", null, Ct);
        }
        catch (Exception e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("The request succeeded although every request is faulted.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAI_429_raises_a_ClientResultException_whose_response_carries_Retry_After(bool stream)
    {
        await using var server = await StartAsync(new LoopbackFaults { TooManyRequests = 1, RetryAfter = TimeSpan.FromSeconds(3) });
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server), LoopbackSpecs.NoKey);

        var error = Assert.IsType<ClientResultException>(await FailureAsync(lm, stream));

        Assert.Equal(429, error.Status);
        Assert.True(error.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("3", retryAfter);
        Assert.Equal(1, server.Stats.Requests);
    }

    [Fact]
    public async Task OpenAI_500_raises_a_ClientResultException_with_status_500_and_no_silent_retry()
    {
        await using var server = await StartAsync(new LoopbackFaults { ServerError = 1 });
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server), LoopbackSpecs.NoKey);

        var error = Assert.IsType<ClientResultException>(await FailureAsync(lm, stream: false));

        Assert.Equal(500, error.Status);
        Assert.Equal(1, server.Stats.Requests);
    }

    [Theory]
    [InlineData(false, HttpRequestError.InvalidResponse)]
    [InlineData(true, HttpRequestError.ResponseEnded)]
    public async Task OpenAI_truncated_reply_raises_HttpIOException(bool stream, HttpRequestError kind)
    {
        await using var server = await StartAsync(new LoopbackFaults { Truncated = 1 });
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server), LoopbackSpecs.NoKey);

        var error = Assert.IsType<HttpIOException>(await FailureAsync(lm, stream));

        Assert.Equal(kind, error.HttpRequestError);
        Assert.Equal(1, server.Stats.Truncated);
    }

    [Theory]
    [InlineData(429, false)]
    [InlineData(429, true)]
    [InlineData(500, false)]
    public async Task Ollama_status_faults_raise_HttpRequestException_with_the_status(int status, bool stream)
    {
        await using var server = await StartAsync(status == 429 ? new LoopbackFaults { TooManyRequests = 1 } : new LoopbackFaults { ServerError = 1 });
        using var lm = LMSpec.Connect(LoopbackSpecs.Ollama(server));

        var error = Assert.IsType<HttpRequestException>(await FailureAsync(lm, stream));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ollama_truncated_reply_raises_HttpIOException(bool stream)
    {
        await using var server = await StartAsync(new LoopbackFaults { Truncated = 1 });
        using var lm = LMSpec.Connect(LoopbackSpecs.Ollama(server));

        var error = Assert.IsType<HttpIOException>(await FailureAsync(lm, stream));

        Assert.Equal(HttpRequestError.InvalidResponse, error.HttpRequestError);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("ollama")]
    public async Task A_hanging_request_ends_in_the_clients_own_timeout_not_the_callers_cancellation(string scheme)
    {
        await using var server = await StartAsync(new LoopbackFaults { Hang = 1 });
        var options = LoopbackSpecs.NoKey with { RequestTimeout = TimeSpan.FromMilliseconds(200) };
        using var lm = LMSpec.Connect(scheme == "openai" ? LoopbackSpecs.OpenAI(server) : LoopbackSpecs.Ollama(server), options);

        var error = Assert.IsType<TaskCanceledException>(await FailureAsync(lm, stream: false));

        Assert.False(Ct.IsCancellationRequested);
        Assert.Contains("timeout", error.Message + error.InnerException?.Message, StringComparison.OrdinalIgnoreCase);
        // Whether the client gave up before or after the server began to hold the request (or even read it) is timing,
        // not behaviour: what matters is that no reply was produced. Stopping the server ends a held request for sure.
        await server.DisposeAsync();
        Assert.Equal(0, server.Stats.Succeeded);
    }

    [Fact]
    public async Task A_hanging_request_ends_when_the_caller_cancels()
    {
        await using var server = await StartAsync(new LoopbackFaults { Hang = 1 });
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server), LoopbackSpecs.NoKey);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = lm.GetResponseAsync("hello", null, caller.Token);
        // Held, not just received: a cancel while the server still reads the request would end it before the hang.
        await server.WaitForStatsAsync(s => s.Holding == 1, Ct);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await server.DisposeAsync();
        Assert.Equal((1, 0), (server.Stats.Hung, server.Stats.Holding));
    }
}
