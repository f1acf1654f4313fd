using System.Collections.Immutable;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>How <see cref="LMSpec.CreateClient(LMConnectOptions)"/> connects: the connector per scheme, the environment, HTTP and GGUF settings. Immutable.</summary>
/// <remarks>Holds no secret, so it is safe to log: API keys are read from the environment at connect time and kept only inside the provider client.</remarks>
/// <example>
/// <code>
/// var options = LMConnectOptions.Default
///     .WithConnector("simulated", (spec, _) => mySimulatedLM)
///     with { RequestTimeout = TimeSpan.FromSeconds(30) };
/// using var lm = LMSpec.Connect("simulated", options);
/// </code>
/// </example>
public sealed record LMConnectOptions
{
    /// <summary>The built-in connectors, default environment and timeouts.</summary>
    public static LMConnectOptions Default { get; } = new();

    /// <summary>
    /// The factory per scheme. Defaults to <see cref="LMConnectors.BuiltIn"/>. Replace or add an entry with
    /// <see cref="WithConnector"/>, e.g. to register the simulated LM under <c>simulated</c>. A registered factory
    /// decides itself whether to strip <c>dspy.*</c> options (a simulated LM reads the rollout id; a provider must not see it).
    /// </summary>
    public IReadOnlyDictionary<string, Func<LMSpec, LMConnectOptions, IChatClient>> Connectors { get; init; } = LMConnectors.BuiltIn;

    /// <summary>Reads an environment variable (<c>OPENAI_API_KEY</c>); defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>How long one HTTP request may take before the client gives up; null keeps each SDK's default (100 s).</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>The HTTP handler for the <c>openai</c> and <c>ollama</c> connectors (proxies, custom sockets); null uses a default handler. Not disposed by the clients.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Settings for in-process <c>gguf:</c> models.</summary>
    public GgufOptions Gguf { get; init; } = new();

    /// <summary>Returns options whose connector for <paramref name="scheme"/> is <paramref name="connector"/> (added or replaced).</summary>
    /// <param name="scheme">The scheme, e.g. <c>simulated</c>; compared case-insensitively.</param>
    /// <param name="connector">Builds the client for a parsed spec of that scheme.</param>
    /// <returns>New options; this instance is unchanged.</returns>
    public LMConnectOptions WithConnector(string scheme, Func<LMSpec, LMConnectOptions, IChatClient> connector)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(connector);
        var map = Connectors.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase).SetItem(scheme.Trim().ToLowerInvariant(), connector);
        return this with { Connectors = map };
    }
}
