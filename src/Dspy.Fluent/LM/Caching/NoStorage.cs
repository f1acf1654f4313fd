using Microsoft.Extensions.Caching.Distributed;

namespace Dspy.Fluent;

/// <summary>
/// The store behind a disabled cache. The base class insists on a store, but a disabled cache must never touch one;
/// every member throws so a change that breaks that promise fails loudly in tests instead of silently caching.
/// </summary>
internal sealed class NoStorage : IDistributedCache
{
    public static readonly NoStorage Instance = new();

    private static InvalidOperationException Misuse() => new("The LM cache is disabled; no store call should happen. This is a bug in Dspy.Fluent.");

    public byte[] Get(string key) => throw Misuse();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => throw Misuse();

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw Misuse();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => throw Misuse();

    public void Refresh(string key) => throw Misuse();

    public Task RefreshAsync(string key, CancellationToken token = default) => throw Misuse();

    public void Remove(string key) => throw Misuse();

    public Task RemoveAsync(string key, CancellationToken token = default) => throw Misuse();
}
