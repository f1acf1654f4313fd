using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Attaches a <see cref="SecretRedactor"/> to a client pipeline.</summary>
public static class SecretRedactorChatClientBuilderExtensions
{
    /// <summary>
    /// Makes <paramref name="redactor"/>'s secrets part of the pipeline's redactor: every stage outside this one (retries,
    /// logging, telemetry, the cache's log, history and evaluation rows) masks them, together with whatever the connector
    /// below registered.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="redactor">The redactor holding the secrets, e.g. a key read from configuration.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Place it right above the provider client (call it first), so every stage sees it.</remarks>
    /// <example>
    /// <code>
    /// IChatClient lm = new ChatClientBuilder(provider)
    ///     .UseSecretRedactor(new SecretRedactor().AddSecret(configuration["Llm:Key"]!))
    ///     .UseLMRetries()
    ///     .Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseSecretRedactor(this ChatClientBuilder builder, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(redactor);
        return builder.Use(inner => new RedactorScopeChatClient(inner, redactor));
    }
}
