using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dspy.Fluent.Hosting.Tests;

/// <summary>
/// An OpenAI-compatible endpoint on 127.0.0.1 that rejects every request with 401 and, as real providers do, repeats
/// the key it was given in the error body: the way a key reaches exception messages, logs and spans.
/// </summary>
public sealed class UnauthorizedProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _authorizations = new();

    private UnauthorizedProvider(WebApplication app) => _app = app;

    /// <summary>The base URL for an <c>openai:MODEL@URL</c> spec, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The <c>Authorization</c> header of every request received.</summary>
    public IReadOnlyList<string> Authorizations => [.. _authorizations];

    public static async Task<UnauthorizedProvider> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new UnauthorizedProvider(app);
        app.MapPost("/v1/chat/completions", (HttpContext http) =>
        {
            var authorization = http.Request.Headers.Authorization.ToString();
            server._authorizations.Enqueue(authorization);
            var key = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : authorization;
            return Results.Json(new
            {
                error = new { message = $"Incorrect API key provided: {key}. You can find your API key in your account settings.", type = "invalid_request_error", code = "invalid_api_key" },
            }, statusCode: StatusCodes.Status401Unauthorized);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
