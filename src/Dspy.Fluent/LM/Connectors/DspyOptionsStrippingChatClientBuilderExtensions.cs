using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Adds <see cref="DspyOptionsStrippingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class DspyOptionsStrippingChatClientBuilderExtensions
{
    /// <summary>Removes every <c>dspy.*</c> key from the request options before they reach the clients added after this one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Optional configuration of the client.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Add it last (innermost), right around the provider client, so that the cache and the simulated LM still see the rollout id.</remarks>
    /// <example>
    /// <code>
    /// IChatClient client = new ChatClientBuilder(providerClient).UseDspyOptionsStripping().Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseDspyOptionsStripping(this ChatClientBuilder builder, Action<DspyOptionsStrippingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner =>
        {
            var client = new DspyOptionsStrippingChatClient(inner);
            configure?.Invoke(client);
            return client;
        });
    }
}
