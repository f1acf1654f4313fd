using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dspy.Fluent.Loopback;

/// <summary>
/// An HTTP server on 127.0.0.1 that answers like an OpenAI-compatible server (<c>POST /v1/chat/completions</c>,
/// streaming or not; <c>GET /v1/models</c>) and like Ollama (<c>POST /api/chat</c>, <c>GET /api/tags</c>,
/// <c>GET /api/version</c>), with every reply coming from an <see cref="IChatClient"/> backend. Adds a fixed latency
/// and seeded faults on request, and counts requests (<see cref="Stats"/>, also <c>GET /stats</c>).
/// </summary>
/// <remarks>
/// Real sockets and real HTTP: what the connectors, retries and timeouts see is what they would see from a remote
/// server. It also fakes OpenAI's fine-tuning API (<c>POST /v1/files</c>, <c>POST /v1/fine_tuning/jobs</c>,
/// <c>GET /v1/fine_tuning/jobs/{id}</c>; see <see cref="LoopbackServerOptions.FineTuning"/>). Chat requests are the only ones counted, delayed and faulted. The server does not own the backend.
/// </remarks>
/// <example>
/// <code>
/// await using var server = await LoopbackServer.StartAsync(backend, new LoopbackServerOptions { Latency = TimeSpan.FromMilliseconds(50) });
/// using var lm = LMSpec.Connect($"openai:loopback@{server.BaseUrl}");
/// </code>
/// </example>
public sealed class LoopbackServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;
    private readonly ServerCounters _counters;
    private readonly ConcurrentQueue<string> _bodies;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private readonly FineTuningEndpoint _fineTuning;

    private LoopbackServer(WebApplication app, ServerCounters counters, ConcurrentQueue<string> bodies, CancellationTokenSource stopping, Uri root,
        FineTuningEndpoint fineTuning)
    {
        _fineTuning = fineTuning;
        _app = app;
        _counters = counters;
        _bodies = bodies;
        _stopping = stopping;
        RootUrl = root;
        BaseUrl = new Uri(root, "v1");
    }

    /// <summary>The OpenAI-compatible base URL, <c>http://127.0.0.1:PORT/v1</c>: what goes after <c>@</c> in <c>openai:MODEL@URL</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT/</c>: the Ollama base URL (<c>ollama:MODEL@URL</c>) and home of <c>/stats</c>.</summary>
    public Uri RootUrl { get; }

    /// <summary>The training files uploaded to <c>POST /v1/files</c>, in upload order, exactly as received.</summary>
    public IReadOnlyList<string> UploadedFiles => _fineTuning.Files;

    /// <summary>What has been counted so far.</summary>
    public LoopbackStats Stats => _counters.Snapshot();

    /// <summary>The most recent chat request bodies, oldest first (at most <see cref="LoopbackServerOptions.RequestBodyCapacity"/>), exactly as received.</summary>
    public IReadOnlyList<string> RequestBodies => _bodies.ToArray();

    /// <summary>Starts a server.</summary>
    /// <param name="backend">Answers every chat request.</param>
    /// <param name="options">Port, latency, faults; <see cref="LoopbackServerOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">The fault fractions are out of range.</exception>
    public static async Task<LoopbackServer> StartAsync(IChatClient backend, LoopbackServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        options ??= LoopbackServerOptions.Default;
        var faults = new FaultPlan(options.Faults);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        // The host's default ConsoleLifetime takes over SIGTERM and SIGINT and, since nothing here waits for the host
        // to shut down, only stops its own bookkeeping: the process then ignored SIGTERM. A server embedded in tests
        // or a benchmark must leave process signals to the process; the command line handles them itself.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var counters = new ServerCounters();
        var bodies = new ConcurrentQueue<string>();
        var stopping = new CancellationTokenSource();
        var chat = new ChatEndpoint(backend, options, counters, faults, bodies, stopping.Token);
        var models = options.Models.Count > 0 ? options.Models
            : [backend.GetService<ChatClientMetadata>()?.DefaultModelId ?? "loopback"];

        var fineTuning = new FineTuningEndpoint(options.FineTuning);
        app.UseRouting();
        app.MapPost("/v1/files", fineTuning.UploadAsync);
        app.MapPost("/v1/fine_tuning/jobs", fineTuning.CreateAsync);
        app.MapGet("/v1/fine_tuning/jobs/{id}", http => fineTuning.GetAsync(http, (string)http.Request.RouteValues["id"]!));
        app.MapPost("/v1/chat/completions", http => chat.HandleAsync(http, OpenAIProtocol.Instance));
        app.MapPost("/api/chat", http => chat.HandleAsync(http, OllamaProtocol.Instance));
        app.MapGet("/v1/models", http => Json(http, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. models.Select(m => new JsonObject { ["id"] = m, ["object"] = "model", ["created"] = 0, ["owned_by"] = "loopback" })]),
        }));
        app.MapGet("/api/tags", http => Json(http, new JsonObject
        {
            ["models"] = new JsonArray([.. models.Select(m => new JsonObject
            {
                ["name"] = m, ["model"] = m, ["modified_at"] = "2025-01-01T00:00:00Z", ["size"] = 0, ["digest"] = "loopback",
            })]),
        }));
        app.MapGet("/api/version", http => Json(http, new JsonObject { ["version"] = "0.0.0-loopback" }));
        app.MapGet("/stats", http => Json(http, StatsJson(counters.Snapshot())));
        app.MapGet("/", http => http.Response.WriteAsync("Ollama is running", http.RequestAborted));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var root = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new LoopbackServer(app, counters, bodies, stopping, root, fineTuning);
    }

    /// <summary>Completes when <paramref name="condition"/> holds for the counters, e.g. <c>s =&gt; s.InFlight == 3</c>: a test waits on state, never on time.</summary>
    /// <param name="condition">Checked now and after every change of the counters.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public Task WaitForStatsAsync(Func<LoopbackStats, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return _counters.WaitAsync(condition, cancellationToken);
    }

    /// <summary>Stops the server: hanging requests are released and open connections closed.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Stops the server (blocking); prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal static JsonObject StatsJson(LoopbackStats s) => new()
    {
        ["requests"] = s.Requests, ["in_flight"] = s.InFlight, ["max_in_flight"] = s.MaxInFlight, ["succeeded"] = s.Succeeded,
        ["too_many_requests"] = s.TooManyRequests, ["server_errors"] = s.ServerErrors, ["holding"] = s.Holding, ["hung"] = s.Hung, ["truncated"] = s.Truncated,
        ["backend_errors"] = s.BackendErrors, ["bad_requests"] = s.BadRequests, ["unauthorized"] = s.Unauthorized, ["abandoned"] = s.Abandoned,
    };

    /// <summary>A host lifetime that registers no signal handlers: the server is stopped by disposing it.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static Task Json(HttpContext http, JsonNode body)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString(WireJson.Options), http.RequestAborted);
    }
}
