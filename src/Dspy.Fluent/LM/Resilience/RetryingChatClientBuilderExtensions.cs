using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dspy.Fluent;

/// <summary>Adds retries with backoff (<see cref="RetryingChatClient"/>) to a <see cref="ChatClientBuilder"/>.</summary>
public static class RetryingChatClientBuilderExtensions
{
    /// <summary>Adds retries on 429 (honouring <c>Retry-After</c>), 5xx, timeouts and network errors, with exponential backoff and jitter.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Adjusts the client: <c>MaxAttempts</c>, <c>BaseDelay</c>, <c>MaxDelay</c>, <c>MaxTotalWait</c>, <c>JitterFactor</c>, <c>OnRetry</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Place it inside the cache (a hit needs no retry) and outside <c>UseLMRateLimit</c> and <c>UseLMTimeout</c>, so each
    /// attempt takes its own rate-limit permit and gets its own timeout. A <see cref="TimeProvider"/> registered in the
    /// build's services is used for waits. Turn off a connector's own retries (e.g. the OpenAI SDK's retry policy), or
    /// its retries will hide from the history.
    /// </remarks>
    /// <example>
    /// <code>
    /// IChatClient lm = new ChatClientBuilder(provider)
    ///     .UseDspyCache(LMCacheStores.Memory())
    ///     .UseLMRetries(c => { c.MaxAttempts = 6; c.MaxTotalWait = TimeSpan.FromMinutes(5); })
    ///     .UseLMRateLimit(new LMRateLimit { RequestsPerMinute = 500 })
    ///     .UseLMTimeout(TimeSpan.FromSeconds(60))
    ///     .Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseLMRetries(this ChatClientBuilder builder, Action<RetryingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var client = new RetryingChatClient(inner);
            if (services.GetService<TimeProvider>() is { } time) client.TimeProvider = time;
            client.Redactor = SecretRedactor.For(inner, services);
            if (services.GetService<ILoggerFactory>() is { } loggers)
                client.Logger = new RedactingLogger(loggers.CreateLogger<RetryingChatClient>(), client.Redactor);
            configure?.Invoke(client);
            return client;
        });
    }
}
