using Microsoft.Extensions.Caching.Distributed;

namespace Dspy.Fluent;

/// <summary>
/// An in-memory <see cref="IDistributedCache"/> bounded by entry count and bytes, evicting the least recently used entry
/// first. Thread-safe. Honours absolute and sliding expiration through a <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Written here rather than using <c>MemoryDistributedCache</c> with a size limit because that one is not LRU: when full
/// it rejects new entries until a background compaction runs, and compaction removes a percentage by priority. An LM
/// cache should always keep the newest reply and drop the coldest.
/// </remarks>
/// <example>
/// <code>
/// var lm = new ChatClientBuilder(inner).UseDspyCache(new LruDistributedCache(maxEntries: 10_000)).Build();
/// </code>
/// </example>
public sealed class LruDistributedCache : IDistributedCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new(); // most recently used first
    private readonly TimeProvider _time;
    private long _bytes;
    private long _evictions;

    /// <summary>Creates a cache.</summary>
    /// <param name="maxEntries">At most this many entries are kept; at least 1.</param>
    /// <param name="maxBytes">At most this many bytes of values are kept (an entry larger than this is not stored); at least 1.</param>
    /// <param name="timeProvider">The clock for expiration; <see cref="TimeProvider.System"/> when null.</param>
    public LruDistributedCache(int maxEntries = 10_000, long maxBytes = 256L * 1024 * 1024, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        MaxEntries = maxEntries;
        MaxBytes = maxBytes;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The entry bound.</summary>
    public int MaxEntries { get; }

    /// <summary>The byte bound.</summary>
    public long MaxBytes { get; }

    /// <summary>Entries held now.</summary>
    public int Count { get { lock (_gate) return _map.Count; } }

    /// <summary>Bytes of values held now.</summary>
    public long SizeInBytes { get { lock (_gate) return _bytes; } }

    /// <summary>Entries dropped to stay within the bounds, since creation.</summary>
    public long Evictions { get { lock (_gate) return _evictions; } }

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_map.TryGetValue(key, out var node)) return null;
            if (node.Value.IsExpired(now))
            {
                RemoveNode(node);
                return null;
            }
            node.Value.Touch(now);
            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Value;
        }
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(Get(key));
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = _time.GetUtcNow();
        var absolute = options.AbsoluteExpiration ?? (options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : null);
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var existing)) RemoveNode(existing);
            if (value.LongLength > MaxBytes) return;
            var node = _order.AddFirst(new Entry(key, value, absolute, options.SlidingExpiration, now));
            _map[key] = node;
            _bytes += value.LongLength;
            while (_map.Count > MaxEntries || _bytes > MaxBytes)
            {
                RemoveNode(_order.Last!);
                _evictions++;
            }
        }
    }

    /// <inheritdoc />
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Refresh(string key) => Get(key);

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        Refresh(key);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
            if (_map.TryGetValue(key, out var node)) RemoveNode(node);
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    private void RemoveNode(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _map.Remove(node.Value.Key);
        _bytes -= node.Value.Value.LongLength;
    }

    private sealed class Entry(string key, byte[] value, DateTimeOffset? absolute, TimeSpan? sliding, DateTimeOffset now)
    {
        private DateTimeOffset _lastAccess = now;

        public string Key { get; } = key;

        public byte[] Value { get; } = value;

        public bool IsExpired(DateTimeOffset now) =>
            (absolute is { } a && now >= a) || (sliding is { } s && now - _lastAccess >= s);

        public void Touch(DateTimeOffset now) => _lastAccess = now;
    }
}
