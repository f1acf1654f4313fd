using System.Collections.Immutable;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>How <see cref="LMSpec.CreateClient(LMConnectOptions)"/> connects: connectors, API keys, HTTP settings and per-connector settings. Immutable.</summary>
/// <remarks>
/// Safe to log: an API key is given as a function (<see cref="ApiKey"/>), so it never appears in <see cref="object.ToString"/>,
/// and the connector registers it with the client's <see cref="SecretRedactor"/>.
/// </remarks>
/// <example>
/// <code>
/// var options = LMConnectOptions.Default with
/// {
///     ApiKey = _ => configuration["OpenAI:Key"],
///     RequestTimeout = TimeSpan.FromSeconds(30),
/// };
/// using var lm = LMSpec.Connect("openai:gpt-4o-mini", options);
/// </code>
/// </example>
public sealed record LMConnectOptions
{
    /// <summary>No overrides: connectors from <see cref="LMConnectors"/>, keys from the environment, SDK timeouts.</summary>
    public static LMConnectOptions Default { get; } = new();

    /// <summary>
    /// Connectors that take precedence over <see cref="LMConnectors"/> for these options only, by scheme; empty by
    /// default. Add one with <see cref="WithConnector(LMConnector)"/>.
    /// </summary>
    public IReadOnlyDictionary<string, LMConnector> Connectors { get; init; } = ImmutableDictionary.Create<string, LMConnector>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The API key for a spec, or null to fall back to the connector's environment variable (<c>OPENAI_API_KEY</c>).
    /// The connector registers the key with its client's <see cref="SecretRedactor"/>, so it is masked in every error,
    /// log, trace, history and report about that client.
    /// </summary>
    public Func<LMSpec, string?>? ApiKey { get; init; }

    /// <summary>Reads an environment variable (<c>OPENAI_API_KEY</c>); defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>How long one HTTP request may take before the client gives up; null keeps each SDK's default (100 s).</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>The HTTP handler for HTTP connectors (proxies, custom sockets); null uses a default handler. Not disposed by the clients.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Settings objects for particular connectors, by type (e.g. the GGUF connector's); see <see cref="WithSettings{T}"/>.</summary>
    public IReadOnlyDictionary<Type, object> ConnectorSettings { get; init; } = ImmutableDictionary<Type, object>.Empty;

    /// <summary>Returns options whose connector for its scheme is <paramref name="connector"/> (added or replaced).</summary>
    /// <param name="connector">The connector.</param>
    /// <returns>New options; this instance is unchanged.</returns>
    /// <example><code>var options = LMConnectOptions.Default.WithConnector(new OpenAIConnector());</code></example>
    public LMConnectOptions WithConnector(LMConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        return this with { Connectors = Connectors.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase).SetItem(connector.Scheme, connector) };
    }

    /// <summary>Returns options whose connector for <paramref name="scheme"/> is <paramref name="connect"/>, with the scheme's known spec form.</summary>
    /// <param name="scheme">The scheme, e.g. <c>simulated</c>; compared case-insensitively.</param>
    /// <param name="connect">Builds the client for a parsed spec of that scheme.</param>
    /// <returns>New options; this instance is unchanged.</returns>
    /// <example><code>var options = LMConnectOptions.Default.WithConnector("openai", (spec, _) => fakeClient);</code></example>
    public LMConnectOptions WithConnector(string scheme, Func<LMSpec, LMConnectOptions, IChatClient> connect)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        var form = Find(scheme.Trim())?.Form ?? LMSpecForm.SchemeOnly;
        return WithConnector(LMConnector.Create(scheme, form, connect));
    }

    /// <summary>Returns options carrying <paramref name="settings"/> for the connector that reads <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The settings type, e.g. <c>GgufOptions</c>.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <returns>New options; this instance is unchanged.</returns>
    /// <example><code>var options = LMConnectOptions.Default.WithSettings(new GgufOptions { Threads = 2 });</code></example>
    public LMConnectOptions WithSettings<T>(T settings) where T : class
    {
        ArgumentNullException.ThrowIfNull(settings);
        return this with { ConnectorSettings = ConnectorSettings.ToImmutableDictionary().SetItem(typeof(T), settings) };
    }

    /// <summary>The settings of type <typeparamref name="T"/> given with <see cref="WithSettings{T}"/>, or null.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <returns>The settings, or null.</returns>
    /// <example><code>var gguf = options.GetSettings&lt;GgufOptions&gt;() ?? new GgufOptions();</code></example>
    public T? GetSettings<T>() where T : class => ConnectorSettings.TryGetValue(typeof(T), out var value) ? (T)value : null;

    /// <summary>The connector for <paramref name="scheme"/>: these options' own, else <see cref="LMConnectors.Find"/>.</summary>
    internal LMConnector? Find(string scheme) => Connectors.TryGetValue(scheme, out var own) ? own : LMConnectors.Find(scheme);
}
