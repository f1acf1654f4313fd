using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Dspy.Fluent;

/// <summary>Adds a per-call timeout (<see cref="TimeoutChatClient"/>) to a <see cref="ChatClientBuilder"/>.</summary>
public static class TimeoutChatClientBuilderExtensions
{
    /// <summary>Fails any call that takes longer than <paramref name="timeout"/> with a <see cref="TimeoutException"/>.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="timeout">The deadline per call (per attempt when placed inside <c>UseLMRetries</c>).</param>
    /// <param name="configure">Adjusts the client.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Place it last (innermost), so the deadline covers only the provider call. A <see cref="TimeProvider"/> registered in the build's services is used.</remarks>
    /// <example>
    /// <code>
    /// var lm = new ChatClientBuilder(provider).UseLMRetries().UseLMTimeout(TimeSpan.FromSeconds(60)).Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseLMTimeout(this ChatClientBuilder builder, TimeSpan timeout, Action<TimeoutChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return builder.Use((inner, services) =>
        {
            var client = new TimeoutChatClient(inner, timeout);
            if (services.GetService<TimeProvider>() is { } time) client.TimeProvider = time;
            configure?.Invoke(client);
            return client;
        });
    }
}
