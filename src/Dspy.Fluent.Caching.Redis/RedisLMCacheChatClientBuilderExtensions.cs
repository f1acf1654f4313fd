using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Adds the LM cache in Redis, with a connection the client owns, to a <see cref="ChatClientBuilder"/>.</summary>
public static class RedisLMCacheChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the LM cache (<see cref="DspyCachingChatClient"/>) over Redis at <paramref name="configuration"/>; the
    /// connection is opened on first use and closed when the client is disposed.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>cache-host:6379</c>.</param>
    /// <param name="instanceName">A prefix for every key, so one Redis can hold several caches.</param>
    /// <param name="configure">Adjusts the client (e.g. <c>CacheKeyAdditionalValues</c>).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// using IChatClient lm = new ChatClientBuilder(provider).UseDspyRedisCache("cache-host:6379").Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseDspyRedisCache(this ChatClientBuilder builder, string configuration, string instanceName = "dspy-fluent:lm:", Action<DspyCachingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return builder.Use((inner, services) =>
            DspyCachingChatClientBuilderExtensions.Create(inner, services, RedisLMCache.Connect(configuration, instanceName), ownsStorage: true, configure));
    }
}
