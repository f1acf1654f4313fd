using System.Net;
using System.Text;
using System.Text.Json;
using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Dspy.Fluent.Tests;

/// <summary>The loopback server itself, over raw HTTP: fault injection is exact and seeded, counters count, latency is real.</summary>
public sealed class LoopbackServerTests
{
    private const string ChatBody = """{"model":"m","messages":[{"role":"user","content":"hello"}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> PostChatAsync(HttpClient http, LoopbackServer server, string body = ChatBody) =>
        http.PostAsync(new Uri(server.BaseUrl + "/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    private static async Task<List<HttpStatusCode>> StatusesAsync(LoopbackFaults faults, int count)
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"), new LoopbackServerOptions { Faults = faults }, Ct);
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await PostChatAsync(http, server);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    [Fact]
    public async Task Each_fault_gets_exactly_its_fraction_of_every_hundred_requests()
    {
        var faults = new LoopbackFaults { TooManyRequests = 0.10, ServerError = 0.15, Seed = 7 };

        var statuses = await StatusesAsync(faults, 200);

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.InternalServerError));
        Assert.Equal(150, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task The_same_seed_deals_the_same_faults_in_the_same_order_and_another_seed_does_not()
    {
        var faults = new LoopbackFaults { TooManyRequests = 0.2, ServerError = 0.2, Seed = 11 };

        var first = await StatusesAsync(faults, 40);
        var again = await StatusesAsync(faults, 40);
        var other = await StatusesAsync(faults with { Seed = 12 }, 40);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task A_429_carries_Retry_After_in_whole_seconds_and_an_OpenAI_error_body()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"),
            new LoopbackServerOptions { Faults = new LoopbackFaults { TooManyRequests = 1, RetryAfter = TimeSpan.FromMilliseconds(1500) } }, Ct);
        using var http = new HttpClient();

        using var response = await PostChatAsync(http, server);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("rate_limit_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(1, server.Stats.TooManyRequests);
    }

    [Fact]
    public async Task A_truncated_reply_is_a_200_whose_body_does_not_parse()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("a reply"),
            new LoopbackServerOptions { Faults = new LoopbackFaults { Truncated = 1 } }, Ct);
        using var http = new HttpClient();

        using var response = await PostChatAsync(http, server);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Counters_track_requests_in_flight_and_the_peak()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gated = new GatedChatClient(ScriptedChatClient.RawInOrder("ok"), gate.Task);
        await using var server = await LoopbackServer.StartAsync(gated, cancellationToken: Ct);
        using var http = new HttpClient();

        var calls = Enumerable.Range(0, 3).Select(_ => PostChatAsync(http, server)).ToList();
        await server.WaitForStatsAsync(s => s.InFlight == 3, Ct);
        var during = await http.GetStringAsync(new Uri(server.RootUrl, "stats"), Ct);
        gate.SetResult();
        foreach (var response in await Task.WhenAll(calls)) response.Dispose();

        using var stats = JsonDocument.Parse(during);
        Assert.Equal(3, stats.RootElement.GetProperty("in_flight").GetInt32());
        Assert.Equal(3, stats.RootElement.GetProperty("max_in_flight").GetInt32());
        await server.WaitForStatsAsync(s => s.InFlight == 0, Ct);
        Assert.Equal(new LoopbackStats { Requests = 3, InFlight = 0, MaxInFlight = 3, Succeeded = 3 }, server.Stats);
    }

    [Fact]
    public async Task Latency_holds_every_reply_until_the_clock_has_moved_on()
    {
        var clock = new SignallingTimeProvider();
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"),
            new LoopbackServerOptions { Latency = TimeSpan.FromSeconds(30), TimeProvider = clock }, Ct);
        using var http = new HttpClient();

        var call = PostChatAsync(http, server);
        await clock.TimerCreated.WaitAsync(Ct);
        var heldBack = !call.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(30));
        using var response = await call;

        Assert.True(heldBack);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_that_is_not_a_chat_request_gets_400_and_is_counted()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"), cancellationToken: Ct);
        using var http = new HttpClient();

        using var response = await PostChatAsync(http, server, """{"model":"m","messages":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Bad chat request: 'messages' must be a non-empty array.", body.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(1, server.Stats.BadRequests);
    }

    [Fact]
    public async Task A_failing_backend_gives_500_with_its_message()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.ByPrompt(new Dictionary<string, IReadOnlyDictionary<string, object?>>()), cancellationToken: Ct);
        using var http = new HttpClient();

        using var response = await PostChatAsync(http, server);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("ScriptedChatClient.ByPrompt has no reply", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1, server.Stats.BackendErrors);
    }

    [Fact]
    public async Task Models_lists_the_configured_model_ids()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"), new LoopbackServerOptions { Models = ["a", "b"] }, Ct);
        using var http = new HttpClient();

        using var models = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl + "/models"), Ct));

        Assert.Equal(["a", "b"], models.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(0, server.Stats.Requests);
    }

    [Fact]
    public async Task Fault_fractions_that_add_up_to_more_than_every_request_are_refused()
    {
        var faults = new LoopbackFaults { TooManyRequests = 0.7, Hang = 0.5 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"), new LoopbackServerOptions { Faults = faults }, Ct));

        Assert.Equal("The fault fractions add up to 1.2, more than every request; lower them so they sum to at most 1.", error.Message);
    }

    [Fact]
    public void The_command_line_reads_port_latency_backend_and_faults()
    {
        var (options, backend) = LoopbackCommandLine.Parse(["--port", "0", "--latency-ms", "50", "--lm", "gguf:m.gguf", "--fault-429", "0.1", "--fault-seed", "3"]);

        Assert.Equal(TimeSpan.FromMilliseconds(50), options.Latency);
        Assert.Equal("gguf:m.gguf", backend);
        Assert.Equal(new LoopbackFaults { TooManyRequests = 0.1, Seed = 3 }, options.Faults);
    }

    /// <summary>Holds every reply until a gate opens, so a test can see requests in flight.</summary>
    private sealed class GatedChatClient(IChatClient inner, Task gate) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
    }

    /// <summary>A fake clock that says when the server has started waiting on it.</summary>
    private sealed class SignallingTimeProvider : FakeTimeProvider
    {
        private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _created.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.TrySetResult();
            return timer;
        }
    }
}
