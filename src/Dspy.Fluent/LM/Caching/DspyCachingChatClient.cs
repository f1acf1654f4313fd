using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dspy.Fluent;

/// <summary>
/// The LM response cache: M.E.AI's <see cref="DistributedCachingChatClient"/> with DSPy's key (model, messages,
/// reply-changing options and rollout id — never credentials), a hit flag with no new usage, per-call bypass, corrupt
/// entries treated as misses, and hit/miss counters.
/// </summary>
/// <remarks>
/// <para>Every <c>dspy.*</c> request key (rollout id, bypass flag, predictor name) is removed from the options before
/// the wrapped client is called — on hits, misses, bypasses and with caching off alike — so no provider ever sees them.</para>
/// <para>A hit returns the stored response with <see cref="DspyChatOptions.CacheHitKey"/> set and
/// <see cref="ChatResponse.Usage"/> cleared: the tokens were paid for once, when the entry was written.
/// Response keys of this library (retries, the hit flag) are not stored, so a hit never replays an old call's retries.</para>
/// <para>A store that fails (disk full, Redis down) or an entry that cannot be read is logged and counted, and the call
/// goes on to the provider; the cache never fails a run. Read the counters with
/// <c>client.GetService&lt;DspyCachingChatClient&gt;()!.Statistics</c>.</para>
/// <para>Streaming calls are cached too (as one coalesced response) and share entries with non-streaming calls.</para>
/// <para>Corresponds to DSPy's request cache (<c>dspy.cache</c>).</para>
/// </remarks>
public class DspyCachingChatClient : DistributedCachingChatClient
{
    private readonly IDistributedCache? _storage;
    private readonly bool _ownsStorage;
    private ChatClientMetadata? _metadata;
    private long _hits, _misses, _bypassed, _corrupt, _storeErrors;

    /// <summary>Creates a cache over <paramref name="storage"/> (which the caller keeps and disposes).</summary>
    /// <param name="innerClient">The client to call on a miss.</param>
    /// <param name="storage">Where entries live.</param>
    public DspyCachingChatClient(IChatClient innerClient, IDistributedCache storage)
        : this(innerClient, storage ?? throw new ArgumentNullException(nameof(storage)), ownsStorage: false)
    {
    }

    internal DspyCachingChatClient(IChatClient innerClient, IDistributedCache? storage, bool ownsStorage)
        : base(new DspyKeyStrippingChatClient(innerClient), storage ?? NoStorage.Instance)
    {
        _storage = storage;
        _ownsStorage = ownsStorage;
    }

    /// <summary>A pass-through with caching off: no store is opened or touched and no key is computed, but <c>dspy.*</c> keys are still stripped.</summary>
    /// <param name="innerClient">The client every call goes to.</param>
    /// <returns>The client.</returns>
    public static DspyCachingChatClient Disabled(IChatClient innerClient) => new(innerClient, storage: null, ownsStorage: false);

    /// <summary>Whether this client caches at all (false for <see cref="Disabled"/>).</summary>
    public bool IsEnabled => _storage is not null;

    /// <summary>Where store failures and corrupt entries are reported (secrets masked when set by <c>UseDspyCache</c>).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Counters since this client was created.</summary>
    public LMCacheStatistics Statistics => new()
    {
        Hits = Interlocked.Read(ref _hits), Misses = Interlocked.Read(ref _misses), Bypassed = Interlocked.Read(ref _bypassed),
        CorruptEntries = Interlocked.Read(ref _corrupt), StoreErrors = Interlocked.Read(ref _storeErrors),
    };

    /// <inheritdoc />
    protected override bool EnableCaching(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (_storage is null) return false;
        if (DspyChatOptions.IsCacheBypass(options))
        {
            Interlocked.Increment(ref _bypassed);
            return false;
        }
        return base.EnableCaching(messages, options);
    }

    /// <inheritdoc />
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        _metadata ??= InnerClient.GetService<ChatClientMetadata>() ?? new ChatClientMetadata();
        // The base passes a streaming flag; with coalescing on, streamed and plain calls store the same shape, so they share an entry.
        var onlyStreamingFlag = CoalesceStreamingUpdates && additionalValues.Length == 1 && additionalValues[0] is bool;
        if (onlyStreamingFlag && CacheKeyAdditionalValues is not { Count: > 0 })
            return LMCacheKey.Compute(messages, options, _metadata.ProviderName, _metadata.DefaultModelId, []); // the common case: no allocation
        var values = new List<object?>(CacheKeyAdditionalValues ?? []);
        foreach (var value in additionalValues)
            if (!(CoalesceStreamingUpdates && value is bool)) values.Add(value);
        return LMCacheKey.Compute(messages, options, _metadata.ProviderName, _metadata.DefaultModelId, values.ToArray());
    }

    /// <inheritdoc />
    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(key, cancellationToken).ConfigureAwait(false);
        ChatResponse? response = null;
        if (bytes is not null)
        {
            try
            {
                response = JsonSerializer.Deserialize(bytes, JsonSerializerOptions.GetTypeInfo(typeof(ChatResponse))) as ChatResponse;
                if (response is null || response.Messages.Count == 0) throw new JsonException("The entry holds no response messages.");
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                Interlocked.Increment(ref _corrupt);
                Logger.LogWarning("LM cache entry {Key} is unreadable ({Error}); treating it as a miss and overwriting it.", key, e.Message);
                response = null;
            }
        }
        if (response is null)
        {
            Interlocked.Increment(ref _misses);
            return null;
        }
        Interlocked.Increment(ref _hits);
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[DspyChatOptions.CacheHitKey] = true;
        // A hit costs nothing, so its usage goes, but what it would have cost stays visible ("1,234 cached" in reports, not 0 tokens).
        if (response.Usage is { } stored && (stored.TotalTokenCount ?? stored.InputTokenCount + stored.OutputTokenCount) is { } tokens)
            response.AdditionalProperties[DspyChatOptions.CachedTokensKey] = tokens;
        response.Usage = null;
        return response;
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken)
    {
        // Only reached with CoalesceStreamingUpdates off; the coalesced path reads through ReadCacheAsync.
        var bytes = await ReadBytesAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            Interlocked.Increment(ref _misses);
            return null;
        }
        try
        {
            var updates = JsonSerializer.Deserialize(bytes, JsonSerializerOptions.GetTypeInfo(typeof(IReadOnlyList<ChatResponseUpdate>))) as IReadOnlyList<ChatResponseUpdate>;
            if (updates is null) throw new JsonException("The entry holds no updates.");
            Interlocked.Increment(ref _hits);
            return updates;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            Interlocked.Increment(ref _corrupt);
            Interlocked.Increment(ref _misses);
            Logger.LogWarning("LM cache entry {Key} is unreadable ({Error}); treating it as a miss and overwriting it.", key, e.Message);
            return null;
        }
    }

    /// <inheritdoc />
    protected override async Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken)
    {
        try
        {
            await base.WriteCacheAsync(key, WithoutDspyResponseKeys(value), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Interlocked.Increment(ref _storeErrors);
            Logger.LogWarning(e, "Could not write LM cache entry {Key}; the reply is returned uncached.", key);
        }
    }

    /// <inheritdoc />
    protected override async Task WriteCacheStreamingAsync(string key, IReadOnlyList<ChatResponseUpdate> value, CancellationToken cancellationToken)
    {
        try
        {
            await base.WriteCacheStreamingAsync(key, value, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Interlocked.Increment(ref _storeErrors);
            Logger.LogWarning(e, "Could not write LM cache entry {Key}; the reply is returned uncached.", key);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsStorage && _storage is IDisposable owned) owned.Dispose();
        base.Dispose(disposing);
    }

    private async Task<byte[]?> ReadBytesAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _storage!.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Interlocked.Increment(ref _storeErrors);
            Logger.LogWarning(e, "Could not read LM cache entry {Key}; calling the LM instead.", key);
            return null;
        }
    }

    private static ChatResponse WithoutDspyResponseKeys(ChatResponse value)
    {
        if (value.AdditionalProperties is not { Count: > 0 } properties || !properties.Keys.Any(k => k.StartsWith(DspyChatOptions.KeyPrefix, StringComparison.Ordinal)))
            return value;
        var kept = new AdditionalPropertiesDictionary();
        foreach (var (k, v) in properties)
            if (!k.StartsWith(DspyChatOptions.KeyPrefix, StringComparison.Ordinal)) kept[k] = v;
        return new ChatResponse(value.Messages)
        {
            ResponseId = value.ResponseId, ConversationId = value.ConversationId, ModelId = value.ModelId, CreatedAt = value.CreatedAt,
            FinishReason = value.FinishReason, Usage = value.Usage, ContinuationToken = value.ContinuationToken,
            RawRepresentation = value.RawRepresentation, AdditionalProperties = kept.Count == 0 ? null : kept,
        };
    }
}
