using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Adds the LM cache in a SQLite file the client owns to a <see cref="ChatClientBuilder"/>.</summary>
public static class SqliteLMCacheChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the LM cache (<see cref="DspyCachingChatClient"/>) over the SQLite file <paramref name="path"/>, opened when
    /// the pipeline is built and closed when the client is disposed.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="path">The database file; <see cref="SqliteLMCache.DefaultPath"/> when null.</param>
    /// <param name="configure">Adjusts the client (e.g. <c>CacheKeyAdditionalValues</c>).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// using IChatClient lm = new ChatClientBuilder(provider).UseDspySqliteCache("runs/cache.sqlite").UseLMRetries().Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseDspySqliteCache(this ChatClientBuilder builder, string? path = null, Action<DspyCachingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
            DspyCachingChatClientBuilderExtensions.Create(inner, services, SqliteLMCache.Open(path), ownsStorage: true, configure));
    }
}
