using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Loopback;

/// <summary>Handles one chat request in either protocol: count it, wait the latency, deal a fault or ask the backend, write the reply.</summary>
internal sealed class ChatEndpoint(IChatClient backend, LoopbackServerOptions options, ServerCounters counters, FaultPlan faults,
    ConcurrentQueue<string> bodies, CancellationToken stopping)
{
    private long _ids;

    public async Task HandleAsync(HttpContext http, ChatProtocol protocol)
    {
        counters.Begin();
        Func<LoopbackStats, LoopbackStats> outcome = s => s with { Abandoned = s.Abandoned + 1 };
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var cancellationToken = linked.Token;
        try
        {
            var text = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            Capture(text);
            ParsedChatRequest request;
            try
            {
                request = protocol.Parse(JsonNode.Parse(text) as JsonObject ?? throw new BadChatRequestException("The body must be a JSON object."));
            }
            catch (Exception e) when (e is BadChatRequestException or JsonException or InvalidOperationException or FormatException)
            {
                outcome = s => s with { BadRequests = s.BadRequests + 1 };
                await WriteAsync(http, 400, "application/json", protocol.Error(400, $"Bad chat request: {e.Message}"), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (options.RejectAndEchoKeys)
            {
                var key = http.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
                outcome = s => s with { Unauthorized = s.Unauthorized + 1 };
                await WriteAsync(http, 401, "application/json", protocol.Error(401, $"Incorrect API key provided: {key}."), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (options.Latency > TimeSpan.Zero)
                await Task.Delay(options.Latency, options.TimeProvider, cancellationToken).ConfigureAwait(false);

            var fault = faults.Next();
            switch (fault)
            {
                case LoopbackFault.TooManyRequests:
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.Faults.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await WriteAsync(http, 429, "application/json", protocol.Error(429, "Rate limit reached (fault injected by the loopback server)."), cancellationToken).ConfigureAwait(false);
                    outcome = s => s with { TooManyRequests = s.TooManyRequests + 1 };
                    return;
                case LoopbackFault.ServerError:
                    await WriteAsync(http, 500, "application/json", protocol.Error(500, "Internal server error (fault injected by the loopback server)."), cancellationToken).ConfigureAwait(false);
                    outcome = s => s with { ServerErrors = s.ServerErrors + 1 };
                    return;
                case LoopbackFault.Hang:
                    outcome = s => s with { Hung = s.Hung + 1, Holding = s.Holding - 1 };
                    counters.Hold();
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                    return;
            }

            var id = $"chatcmpl-loopback-{Interlocked.Increment(ref _ids)}";
            try
            {
                if (fault == LoopbackFault.Truncated)
                {
                    var whole = await CompleteBodyAsync(protocol, request, id, cancellationToken).ConfigureAwait(false);
                    await WriteAsync(http, 200, request.Stream ? protocol.StreamContentType : "application/json", whole[..(whole.Length / 2)], cancellationToken).ConfigureAwait(false);
                    outcome = s => s with { Truncated = s.Truncated + 1 };
                }
                else if (request.Stream)
                {
                    await StreamAsync(http, protocol, request, id, cancellationToken).ConfigureAwait(false);
                    outcome = s => s with { Succeeded = s.Succeeded + 1 };
                }
                else
                {
                    var response = await backend.GetResponseAsync(request.Messages, request.Options, cancellationToken).ConfigureAwait(false);
                    await WriteAsync(http, 200, "application/json", protocol.Reply(request, response, id), cancellationToken).ConfigureAwait(false);
                    outcome = s => s with { Succeeded = s.Succeeded + 1 };
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && !http.Response.HasStarted)
            {
                outcome = s => s with { BackendErrors = s.BackendErrors + 1 };
                await WriteAsync(http, 500, "application/json", protocol.Error(500, $"The backend failed: {e.GetType().Name}: {e.Message}"), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client gave up or the server is stopping: nothing more to write. The outcome set so far is counted.
        }
        finally
        {
            counters.End(outcome);
        }
    }

    private async Task StreamAsync(HttpContext http, ChatProtocol protocol, ParsedChatRequest request, string id, CancellationToken cancellationToken)
    {
        ChatFinishReason? finish = null;
        UsageDetails? usage = null;
        var started = false;
        async Task StartAsync()
        {
            if (started) return;
            started = true;
            http.Response.StatusCode = 200;
            http.Response.ContentType = protocol.StreamContentType;
            http.Response.Headers.CacheControl = "no-cache";
            if (protocol.StreamStart(request, id) is { } first) await SendAsync(http, first, cancellationToken).ConfigureAwait(false);
        }

        await foreach (var update in backend.GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken).ConfigureAwait(false))
        {
            await StartAsync().ConfigureAwait(false);
            finish = update.FinishReason ?? finish;
            foreach (var content in update.Contents.OfType<UsageContent>()) usage = content.Details;
            foreach (var piece in Pieces(update.Text))
                await SendAsync(http, protocol.StreamPiece(request, id, piece), cancellationToken).ConfigureAwait(false);
        }
        await StartAsync().ConfigureAwait(false);
        await SendAsync(http, protocol.StreamEnd(request, id, finish, usage), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The full body the request would have got, for the truncation fault to cut.</summary>
    private async Task<string> CompleteBodyAsync(ChatProtocol protocol, ParsedChatRequest request, string id, CancellationToken cancellationToken)
    {
        var response = await backend.GetResponseAsync(request.Messages, request.Options, cancellationToken).ConfigureAwait(false);
        if (!request.Stream) return protocol.Reply(request, response, id);
        var body = new StringBuilder(protocol.StreamStart(request, id));
        foreach (var piece in Pieces(response.Text)) body.Append(protocol.StreamPiece(request, id, piece));
        return body.Append(protocol.StreamEnd(request, id, response.FinishReason, response.Usage)).ToString();
    }

    private IEnumerable<string> Pieces(string text)
    {
        if (text.Length == 0) yield break;
        if (options.StreamChunkCharacters is not { } size || size <= 0)
        {
            yield return text;
            yield break;
        }
        for (var i = 0; i < text.Length; i += size) yield return text.Substring(i, Math.Min(size, text.Length - i));
    }

    private void Capture(string body)
    {
        if (options.RequestBodyCapacity <= 0) return;
        bodies.Enqueue(body);
        while (bodies.Count > options.RequestBodyCapacity && bodies.TryDequeue(out _)) { }
    }

    private static async Task WriteAsync(HttpContext http, int status, string contentType, string body, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        await http.Response.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpContext http, string text, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
