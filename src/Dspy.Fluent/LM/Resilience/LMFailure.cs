using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dspy.Fluent;

/// <summary>What went wrong with one attempt, read off whichever exception the client threw.</summary>
/// <param name="Transient">Whether another attempt may succeed.</param>
/// <param name="StatusCode">The HTTP status, when there was a response.</param>
/// <param name="RetryAfter">The wait the provider asked for, when it said.</param>
/// <param name="Reason">A few words: <c>HTTP 429</c>, <c>timeout</c>, <c>network error</c>.</param>
/// <param name="Detail">The exception's message, secrets masked.</param>
internal sealed record LMFailure(bool Transient, int? StatusCode, TimeSpan? RetryAfter, string Reason, string Detail)
{
    /// <summary>
    /// Reads a failure from an exception, or null when it is not an LM transport failure (a bug, a parse error, our own
    /// budget exception) and should pass through untouched. The caller's own cancellation is never a failure.
    /// </summary>
    /// <remarks>
    /// Providers surface HTTP errors in different types: the OpenAI and Azure SDKs (used by M.E.AI's OpenAI client) throw
    /// <see cref="ClientResultException"/> with <c>Status</c> and the raw response's headers; <see cref="HttpClient"/>-based
    /// clients (OllamaSharp and most hand-written ones) throw <see cref="HttpRequestException"/> with <c>StatusCode</c>;
    /// anything else can throw <see cref="LMTransientException"/>.
    /// </remarks>
    public static LMFailure? From(Exception exception, CancellationToken callerToken, TimeProvider time, SecretRedactor redactor)
    {
        var detail = redactor.Redact(OneLine(exception is ClientResultException cre ? ProviderMessage(cre) ?? cre.Message : exception.Message));
        switch (exception)
        {
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return null;
            case LMTransientException t:
                return new(true, t.StatusCode, t.RetryAfter, t.StatusCode is { } s ? $"HTTP {s}" : "transient error", detail);
            case ClientResultException c:
                var response = c.GetRawResponse();
                if (c.Status == 0 || response is null) return new(true, null, null, "network error", detail);
                return FromStatus(c.Status, ReadRetryAfter(response.Headers, time), detail);
            case HttpRequestException h when h.StatusCode is { } status:
                return FromStatus((int)status, null, detail);
            case HttpRequestException:
                return new(true, null, null, "network error", detail);
            case TimeoutException:
            case OperationCanceledException:
                // A cancellation the caller did not ask for is a timeout somewhere below (HttpClient.Timeout, UseLMTimeout).
                return new(true, null, null, "timeout", detail);
            case IOException or SocketException:
                return new(true, null, null, "network error", detail);
            default:
                return null;
        }
    }

    public string Advice => StatusCode switch
    {
        429 => "the provider is rate limiting or out of quota. Lower concurrency or add UseLMRateLimit(...) below the value the provider allows; " +
               "allow longer waits with UseLMRetries(c => c.MaxTotalWait = ...); if the message mentions quota or billing, check your plan.",
        401 or 403 => "the provider rejected the credentials. Check the API key (e.g. the OPENAI_API_KEY environment variable) and that it may use this model.",
        404 => "the model or endpoint was not found. Check the model name and the endpoint URL in your --lm spec.",
        400 or 413 or 422 => "the provider rejected the request. Check the options for this model (max tokens, response format, temperature) and the prompt length.",
        >= 500 => "the provider failed or is overloaded. Try again later, or allow more attempts with UseLMRetries(c => c.MaxAttempts = ...).",
        _ when Reason == "timeout" => "the provider did not answer in time. Raise the per-call timeout (UseLMTimeout) or check that the endpoint is up and not overloaded.",
        _ when Reason == "network error" => "the endpoint could not be reached. Check the URL in your --lm spec, the network, and that the server is running.",
        _ => "check the provider's message above; allow more attempts with UseLMRetries(c => c.MaxAttempts = ...) if it is temporary.",
    };

    /// <summary>The provider's own error text from an OpenAI-style body (<c>{"error":{"message":...}}</c>), or null.</summary>
    private static string? ProviderMessage(ClientResultException exception)
    {
        try
        {
            var content = exception.GetRawResponse()?.Content;
            if (content is null || content.ToMemory().Length == 0) return null;
            using var doc = System.Text.Json.JsonDocument.Parse(content.ToMemory());
            var root = doc.RootElement;
            if (root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == System.Text.Json.JsonValueKind.String) return error.GetString();
                if (error.ValueKind == System.Text.Json.JsonValueKind.Object && error.TryGetProperty("message", out var message)) return message.GetString();
            }
            return null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null; // an unbuffered or non-JSON body: the exception's own message will do
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static LMFailure FromStatus(int status, TimeSpan? retryAfter, string detail) =>
        new(IsTransientStatus(status), status, retryAfter, $"HTTP {status}", detail);

    private static bool IsTransientStatus(int status) => status is 408 or 425 or 429 || (status >= 500 && status != 501 && status != 505);

    private static TimeSpan? ReadRetryAfter(System.ClientModel.Primitives.PipelineResponseHeaders headers, TimeProvider time)
    {
        // OpenAI sends retry-after-ms as well as Retry-After; the millisecond one is more precise.
        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            return TimeSpan.FromMilliseconds(millis);
        return headers.TryGetValue("Retry-After", out var value) ? ParseRetryAfter(value, time) : null;
    }

    /// <summary>A <c>Retry-After</c> value: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when unreadable.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ||
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
