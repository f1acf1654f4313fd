using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace Dspy.Fluent.Tests;

/// <summary>An <see cref="IDistributedCache"/> decorator that counts and records every call (keys read and written).</summary>
internal sealed class RecordingDistributedCache(IDistributedCache inner) : IDistributedCache
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<string> KeysWritten { get; } = new();

    public ConcurrentQueue<string> KeysRead { get; } = new();

    public Func<string, byte[]?, byte[]?>? OnRead { get; set; }

    public byte[]? Get(string key) { Interlocked.Increment(ref _calls); KeysRead.Enqueue(key); return Map(key, inner.Get(key)); }

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        Interlocked.Increment(ref _calls);
        KeysRead.Enqueue(key);
        return Map(key, await inner.GetAsync(key, token));
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) { Interlocked.Increment(ref _calls); KeysWritten.Enqueue(key); inner.Set(key, value, options); }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Interlocked.Increment(ref _calls);
        KeysWritten.Enqueue(key);
        return inner.SetAsync(key, value, options, token);
    }

    public void Refresh(string key) { Interlocked.Increment(ref _calls); inner.Refresh(key); }

    public Task RefreshAsync(string key, CancellationToken token = default) { Interlocked.Increment(ref _calls); return inner.RefreshAsync(key, token); }

    public void Remove(string key) { Interlocked.Increment(ref _calls); inner.Remove(key); }

    public Task RemoveAsync(string key, CancellationToken token = default) { Interlocked.Increment(ref _calls); return inner.RemoveAsync(key, token); }

    private byte[]? Map(string key, byte[]? value) => OnRead is { } f ? f(key, value) : value;
}
