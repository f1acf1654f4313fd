using Microsoft.Extensions.Caching.StackExchangeRedis;

namespace Dspy.Fluent;

/// <summary>The LM cache in Redis (<c>Microsoft.Extensions.Caching.StackExchangeRedis</c>), shared by several machines.</summary>
/// <example>
/// <code>
/// var lm = new ChatClientBuilder(provider)
///     .UseDspyCache(RedisLMCache.Connect("cache-host:6379"))
///     .Build();
/// </code>
/// </example>
public static class RedisLMCache
{
    /// <summary>A Redis store (<c>Microsoft.Extensions.Caching.StackExchangeRedis</c>), for a cache shared by several machines.</summary>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>host:6379,password=…</c>.</param>
    /// <param name="instanceName">A prefix for every key, so one Redis can hold several caches.</param>
    /// <returns>The store; it connects on first use. Dispose it to close the connection.</returns>
    public static RedisCache Connect(string configuration, string instanceName = "dspy-fluent:lm:")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ArgumentNullException.ThrowIfNull(instanceName);
        return new RedisCache(new RedisCacheOptions { Configuration = configuration, InstanceName = instanceName });
    }
}
