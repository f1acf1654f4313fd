using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Adds a client-side rate limit (<see cref="RateLimitingChatClient"/>) to a <see cref="ChatClientBuilder"/>.</summary>
public static class RateLimitingChatClientBuilderExtensions
{
    /// <summary>Holds all calls through the built client to <paramref name="limit"/> (requests and/or tokens per minute).</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="limit">The limits.</param>
    /// <param name="configure">Adjusts the client.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Place it inside <c>UseLMRetries</c>, so every attempt takes a permit, and outside <c>UseLMTimeout</c>, so queueing does not count against the timeout.</remarks>
    /// <example>
    /// <code>
    /// var lm = new ChatClientBuilder(provider).UseLMRetries().UseLMRateLimit(new LMRateLimit { RequestsPerMinute = 500, TokensPerMinute = 200_000 }).Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseLMRateLimit(this ChatClientBuilder builder, LMRateLimit limit, Action<RateLimitingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(limit);
        if (limit.RequestsPerMinute is null && limit.TokensPerMinute is null)
            throw new ArgumentException("Set RequestsPerMinute, TokensPerMinute or both on the LMRateLimit.", nameof(limit));
        return builder.Use(inner =>
        {
            var client = new RateLimitingChatClient(inner, limit);
            configure?.Invoke(client);
            return client;
        });
    }
}
