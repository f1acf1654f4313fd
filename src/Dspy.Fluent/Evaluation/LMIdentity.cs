using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Which LM produced a result: provider and model as the client reports them, and whether it was a stand-in rather than a model.</summary>
/// <remarks>
/// Read from <see cref="ChatClientMetadata"/> (<c>client.GetService&lt;ChatClientMetadata&gt;()</c>). A client that is not
/// a language model (an offline simulator, scripted replies) answers <c>GetService&lt;LMStandIn&gt;()</c>; reports then
/// say so plainly, so nobody takes its scores for a model's.
/// </remarks>
/// <param name="Provider">The provider name (<see cref="ChatClientMetadata.ProviderName"/>), or null when unknown.</param>
/// <param name="Model">The default model id (<see cref="ChatClientMetadata.DefaultModelId"/>), or null when unknown.</param>
public sealed record LMIdentity(string? Provider, string? Model)
{
    /// <summary>No client, or one that reports nothing.</summary>
    public static LMIdentity Unknown { get; } = new(null, null);

    /// <summary>What the client is when it is not a language model; null for a model.</summary>
    public LMStandIn? StandIn { get; init; }

    /// <summary>Whether the client said it is not a language model (<see cref="StandIn"/> is set).</summary>
    public bool IsStandIn => StandIn is not null;

    /// <summary>The identity <paramref name="client"/> reports (through any middleware), or <see cref="Unknown"/>.</summary>
    /// <param name="client">The LM client, or null.</param>
    public static LMIdentity Of(IChatClient? client)
    {
        var standIn = client?.GetService<LMStandIn>();
        if (client?.GetService<ChatClientMetadata>() is not { } metadata) return standIn is null ? Unknown : Unknown with { StandIn = standIn };
        return new(metadata.ProviderName, metadata.DefaultModelId) { StandIn = standIn };
    }

    /// <summary>One line for reports, e.g. <c>LM: openai, model gpt-4o-mini</c> or <c>LM: simulated … (a deterministic offline stand-in, not a language model; …)</c>.</summary>
    public string Describe()
    {
        var model = Model is null ? "" : $", model {Model}";
        if (StandIn is { } standIn) return $"LM: {Provider ?? "stand-in"}{model} ({standIn.Description})";
        return Provider is null && Model is null ? "LM: unknown (the client reports no ChatClientMetadata)" : $"LM: {Provider ?? "unknown provider"}{model}";
    }

    /// <inheritdoc cref="Describe" />
    public override string ToString() => Describe();
}
