using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Sits just inside M.E.AI's <see cref="OpenTelemetryChatClient"/> (placed there by <c>UseDspyOpenTelemetry</c>) and adds
/// what only this library knows to the GenAI span — predictor, rollout id, cache hit, retries — and counts cache hits
/// and retries as metrics. It also keeps secrets out of the span: tags recorded before the call are redacted in place,
/// and an exception whose text holds a secret is replaced by a redacted one before the span records its message.
/// </summary>
/// <remarks>
/// With <c>EnableSensitiveData</c> on, the span's output messages are recorded after this client returns, from the
/// response itself; they are not redacted (a model only repeats a secret that was in the prompt, which is redacted).
/// </remarks>
internal sealed class DspyTelemetryChatClient : DelegatingChatClient
{
    public const string MeterName = "Dspy.Fluent";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("dspy.client.cache.hits", "{call}", "LM calls answered from the cache.");
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("dspy.client.retries", "{retry}", "LM call attempts that failed and were retried.");

    private readonly SecretRedactor _redactor;

    public DspyTelemetryChatClient(IChatClient innerClient, SecretRedactor redactor) : base(innerClient) => _redactor = redactor;

    /// <summary>The source of the spans to enrich; set once the OpenTelemetry client around this one exists.</summary>
    public string? SourceName { get; set; }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var span = OwnSpan();
        Before(span, options);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Redacted(e) is { } safe)
        {
            throw safe;
        }
        After(span, DspyChatOptions.IsCacheHit(response), DspyChatOptions.GetRetries(response), options);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var span = OwnSpan();
        Before(span, options);
        var hit = false;
        IReadOnlyList<LMRetry> retries = [];
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false)) break;
            }
            catch (Exception e) when (Redacted(e) is { } safe)
            {
                throw safe;
            }
            var update = updates.Current;
            if (update.AdditionalProperties is { } props)
            {
                hit |= props.TryGetValue(DspyChatOptions.CacheHitKey, out var h) && h is true;
                if (props.TryGetValue(DspyChatOptions.RetriesKey, out var r) && r is IReadOnlyList<LMRetry> list) retries = list;
            }
            yield return update;
        }
        After(span, hit, retries, options);
    }

    /// <summary>The span the OpenTelemetry client just started, or null (no listener, or the ambient span belongs to someone else).</summary>
    private Activity? OwnSpan() => Activity.Current is { } current && current.Source.Name == SourceName ? current : null;

    private void Before(Activity? span, ChatOptions? options)
    {
        if (span is null) return;
        if (DspyChatOptions.GetPredictor(options) is { } predictor) span.SetTag("dspy.predictor", predictor);
        if (DspyChatOptions.GetRolloutId(options) is { } rollout) span.SetTag("dspy.rollout_id", rollout);
        // Message content and raw options (recorded only with EnableSensitiveData) are already on the span: mask any secret.
        foreach (var (key, value) in span.TagObjects.ToArray())
            if (value is string text && _redactor.ContainsSecret(text)) span.SetTag(key, _redactor.Redact(text));
    }

    private static void After(Activity? span, bool cacheHit, IReadOnlyList<LMRetry> retries, ChatOptions? options)
    {
        var model = new KeyValuePair<string, object?>("gen_ai.request.model", options?.ModelId);
        if (cacheHit) CacheHits.Add(1, model);
        if (retries.Count > 0) Retries.Add(retries.Count, model);
        if (span is null) return;
        span.SetTag("dspy.cache_hit", cacheHit);
        if (retries.Count > 0)
        {
            span.SetTag("dspy.retries", retries.Count);
            span.SetTag("dspy.retry_wait_ms", retries.Sum(r => r.Wait.TotalMilliseconds));
        }
    }

    /// <summary>A stand-in for <paramref name="error"/> when its text holds a secret, else null (rethrow as is).</summary>
    private Exception? Redacted(Exception error) => SecretSafeExceptions.StandIn(error, _redactor, "reported by the client below telemetry");
}
