using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dspy.Fluent;

/// <summary>Adds the LM response cache (<see cref="DspyCachingChatClient"/>) to a <see cref="ChatClientBuilder"/>.</summary>
public static class DspyCachingChatClientBuilderExtensions
{
    /// <summary>Adds the LM cache, keyed on model, messages, reply-changing options and rollout id.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="storage">
    /// Where entries live: <see cref="LMCacheStores.Memory"/>, a SQLite file (<c>SqliteLMCache.Open()</c> in
    /// Dspy.Fluent.Caching.Sqlite), Redis (<c>RedisLMCache.Connect(...)</c> in Dspy.Fluent.Caching.Redis) or any
    /// <see cref="IDistributedCache"/>. When null, the <see cref="IDistributedCache"/> registered in the build's service
    /// provider is used; building fails when there is none, rather than caching silently somewhere the caller did not choose.
    /// </param>
    /// <param name="configure">Adjusts the client (e.g. <c>CacheKeyAdditionalValues</c>, <c>Logger</c>).</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// <para>Place it outside retries and rate limits, so a hit costs neither, and inside usage tracking and telemetry,
    /// so those see hits as hits.</para>
    /// <para>Replies are stored as JSON (M.E.AI's serializer); provider-specific raw objects do not round-trip.</para>
    /// </remarks>
    /// <example>
    /// <code>
    /// IChatClient lm = new ChatClientBuilder(provider)
    ///     .UseDspyCache(LMCacheStores.Memory())
    ///     .UseLMRetries()
    ///     .Build();
    /// var hits = lm.GetService&lt;DspyCachingChatClient&gt;()!.Statistics.Hits;
    /// </code>
    /// </example>
    public static ChatClientBuilder UseDspyCache(this ChatClientBuilder builder, IDistributedCache? storage = null, Action<DspyCachingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var store = storage ?? services.GetService<IDistributedCache>() ?? throw new InvalidOperationException(
                "UseDspyCache() was given no store and the builder's services hold no IDistributedCache. Pass one: " +
                "LMCacheStores.Memory() for this process only, SqliteLMCache.Open(path) (package Dspy.Fluent.Caching.Sqlite) for a file " +
                "shared by processes, RedisLMCache.Connect(configuration) (package Dspy.Fluent.Caching.Redis) for machines; or call " +
                "UseDspyCacheDisabled() to run without a cache.");
            return Create(inner, services, store, ownsStorage: false, configure);
        });
    }

    /// <summary>The cache stage over <paramref name="store"/>, logging through the build's logger factory with the client's redactor.</summary>
    internal static DspyCachingChatClient Create(IChatClient inner, IServiceProvider services, IDistributedCache store, bool ownsStorage, Action<DspyCachingChatClient>? configure)
    {
        var client = new DspyCachingChatClient(inner, store, ownsStorage);
        if (services.GetService<ILoggerFactory>() is { } loggers)
            client.Logger = new RedactingLogger(loggers.CreateLogger<DspyCachingChatClient>(), SecretRedactor.For(inner, services));
        configure?.Invoke(client);
        return client;
    }

    /// <summary>
    /// Adds the cache stage with caching off: no store is opened or touched, no key is computed, and nothing is held in
    /// memory; the <c>dspy.*</c> request keys are still stripped so the provider never sees them. Use it for a
    /// <c>--no-cache</c> switch.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// var b = new ChatClientBuilder(provider);
    /// b = noCache ? b.UseDspyCacheDisabled() : b.UseDspyCache(LMCacheStores.Memory());
    /// </code>
    /// </example>
    public static ChatClientBuilder UseDspyCacheDisabled(this ChatClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(DspyCachingChatClient.Disabled);
    }
}
