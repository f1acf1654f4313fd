using Microsoft.Extensions.Caching.Distributed;

namespace Dspy.Fluent;

/// <summary>
/// The in-memory store for the LM cache, as an <see cref="IDistributedCache"/>. Persistent stores ship in their own
/// packages: a SQLite file shared safely by several processes (<c>Dspy.Fluent.Caching.Sqlite</c>, <c>SqliteLMCache</c>)
/// and Redis shared by several machines (<c>Dspy.Fluent.Caching.Redis</c>, <c>RedisLMCache</c>); any other
/// <see cref="IDistributedCache"/> works as well.
/// </summary>
/// <example>
/// <code>
/// var lm = new ChatClientBuilder(provider)
///     .UseDspyCache(LMCacheStores.Memory(maxEntries: 50_000))
///     .Build();
/// </code>
/// </example>
public static class LMCacheStores
{
    /// <summary>A bounded in-memory store that evicts the least recently used entry first.</summary>
    /// <param name="maxEntries">At most this many entries.</param>
    /// <param name="maxBytes">At most this many bytes of stored replies.</param>
    /// <returns>The store; it lives as long as the process holds it.</returns>
    /// <example><code>var store = LMCacheStores.Memory(maxEntries: 1_000);</code></example>
    public static LruDistributedCache Memory(int maxEntries = 10_000, long maxBytes = 256L * 1024 * 1024) => new(maxEntries, maxBytes);
}
