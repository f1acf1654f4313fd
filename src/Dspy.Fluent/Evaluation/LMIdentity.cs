using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Which LM produced a result: provider and model as the client reports them, and whether it was a simulated stand-in.</summary>
/// <remarks>
/// Read from <see cref="ChatClientMetadata"/> (<c>client.GetService&lt;ChatClientMetadata&gt;()</c>). By convention a
/// client that is not a language model (a deterministic offline stand-in) reports the provider name
/// <see cref="SimulatedProviderName"/>; reports then say so plainly, so nobody takes its scores for a model's.
/// </remarks>
/// <param name="Provider">The provider name (<see cref="ChatClientMetadata.ProviderName"/>), or null when unknown.</param>
/// <param name="Model">The default model id (<see cref="ChatClientMetadata.DefaultModelId"/>), or null when unknown.</param>
public sealed record LMIdentity(string? Provider, string? Model)
{
    /// <summary>The provider name a simulated (non-model) client reports.</summary>
    public const string SimulatedProviderName = "simulated";

    /// <summary>No client, or one that reports nothing.</summary>
    public static LMIdentity Unknown { get; } = new(null, null);

    /// <summary>Whether the provider is <see cref="SimulatedProviderName"/>.</summary>
    public bool IsSimulated => string.Equals(Provider, SimulatedProviderName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The identity <paramref name="client"/> reports (through any middleware), or <see cref="Unknown"/>.</summary>
    /// <param name="client">The LM client, or null.</param>
    public static LMIdentity Of(IChatClient? client)
    {
        if (client?.GetService<ChatClientMetadata>() is not { } metadata) return Unknown;
        return new(metadata.ProviderName, metadata.DefaultModelId);
    }

    /// <summary>One line for reports, e.g. <c>LM: openai, model gpt-4o-mini</c> or <c>LM: simulated … (a deterministic stand-in, not a language model)</c>.</summary>
    public string Describe()
    {
        var model = Model is null ? "" : $", model {Model}";
        if (IsSimulated) return $"LM: simulated{model} (a deterministic offline stand-in, not a language model; its scores say nothing about any model)";
        return Provider is null && Model is null ? "LM: unknown (the client reports no ChatClientMetadata)" : $"LM: {Provider ?? "unknown provider"}{model}";
    }

    /// <inheritdoc cref="Describe" />
    public override string ToString() => Describe();
}
