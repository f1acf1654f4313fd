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
    /// Where entries live (see <see cref="LMCacheStores"/>). When null, an <see cref="IDistributedCache"/> registered in the
    /// build's service provider is used, else the default SQLite file (<see cref="LMCacheStores.DefaultSqlitePath"/>), which the
    /// client then owns and closes when disposed.
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
    ///     .UseDspyCache(LMCacheStores.Sqlite("runs/cache.sqlite"))
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
            var store = storage ?? services.GetService<IDistributedCache>();
            var client = store is null
                ? new DspyCachingChatClient(inner, LMCacheStores.Sqlite(), ownsStorage: true)
                : new DspyCachingChatClient(inner, store, ownsStorage: false);
            if (services.GetService<ILoggerFactory>() is { } loggers)
                client.Logger = new RedactingLogger(loggers.CreateLogger<DspyCachingChatClient>(), services.GetService<SecretRedactor>() ?? SecretRedactor.Shared);
            configure?.Invoke(client);
            return client;
        });
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
    /// b = noCache ? b.UseDspyCacheDisabled() : b.UseDspyCache(LMCacheStores.Sqlite());
    /// </code>
    /// </example>
    public static ChatClientBuilder UseDspyCacheDisabled(this ChatClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(DspyCachingChatClient.Disabled);
    }
}
