using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Turns an <see cref="LMSpec"/> of one scheme into an <see cref="IChatClient"/>: the one seam through which the
/// <c>openai</c>, <c>ollama</c>, <c>gguf</c> and <c>simulated</c> packages — and any third party — plug into
/// <see cref="LMSpec.Connect(string)"/> and the <c>--lm</c> option.
/// </summary>
/// <remarks>
/// <para>A connector package marks its assembly with <see cref="LMConnectorAttribute"/>; referencing the package is then
/// enough for its scheme to work (see <see cref="LMConnectors"/>). Register one explicitly with
/// <see cref="LMConnectors.Register"/> or per call with <see cref="LMConnectOptions.WithConnector(LMConnector)"/>.</para>
/// <para>A connector's client should remove <c>dspy.*</c> keys from <see cref="ChatOptions.AdditionalProperties"/>
/// before the provider sees a request (unless it reads them, as a simulator does), retry nothing on its own, and answer
/// <c>GetService&lt;SecretRedactor&gt;()</c> with a redactor holding any key it authenticates with.</para>
/// </remarks>
/// <example>
/// <code>
/// [assembly: LMConnector(typeof(EchoConnector))]
///
/// public sealed class EchoConnector : LMConnector
/// {
///     public override string Scheme => "echo";
///     public override LMSpecForm Form => LMSpecForm.SchemeOnly;
///     public override string Description => "replies with the last user message";
///     public override string Example => "echo";
///     public override IChatClient Connect(LMSpec spec, LMConnectOptions options) => new EchoChatClient();
/// }
/// </code>
/// </example>
public abstract class LMConnector
{
    /// <summary>The scheme this connector answers, lower case, e.g. <c>openai</c>.</summary>
    public abstract string Scheme { get; }

    /// <summary>What follows the scheme in a spec.</summary>
    public abstract LMSpecForm Form { get; }

    /// <summary>A few words for the list of accepted specs, e.g. <c>OpenAI, key from OPENAI_API_KEY</c>.</summary>
    public abstract string Description { get; }

    /// <summary>A complete example spec, e.g. <c>openai:gpt-4o-mini</c>.</summary>
    public abstract string Example { get; }

    /// <summary>An example server URL for <see cref="LMSpecForm.Model"/> specs, shown when a URL is malformed; null when none applies.</summary>
    public virtual string? ExampleEndpoint => null;

    /// <summary>
    /// LiteLLM provider prefixes that mean this scheme, so a model string copied from a DSPy script works:
    /// <c>openai/gpt-4o-mini</c> is <c>openai:gpt-4o-mini</c>. Empty by default.
    /// </summary>
    public virtual IReadOnlyList<string> DspyProviderPrefixes => [];

    /// <summary>Connects to the LM <paramref name="spec"/> names.</summary>
    /// <param name="spec">A spec of this connector's scheme and form.</param>
    /// <param name="options">Timeouts, HTTP handler, API keys and connector settings.</param>
    /// <returns>A client the caller disposes.</returns>
    /// <exception cref="LMConnectionException">The LM cannot be reached or loaded; the message says why and what to do.</exception>
    public abstract IChatClient Connect(LMSpec spec, LMConnectOptions options);

    /// <summary>A connector from a function, e.g. to put a test double behind a scheme.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="form">What follows the scheme.</param>
    /// <param name="connect">Builds the client.</param>
    /// <returns>The connector.</returns>
    /// <example><code>var fake = LMConnector.Create("fake", LMSpecForm.SchemeOnly, (_, _) => new ScriptedChatClient("[[ ## answer ## ]]\n42"));</code></example>
    public static LMConnector Create(string scheme, LMSpecForm form, Func<LMSpec, LMConnectOptions, IChatClient> connect)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(connect);
        return new FunctionConnector(scheme.Trim().ToLowerInvariant(), form, connect);
    }

    /// <summary>The scheme and description, e.g. <c>openai (OpenAI, key from OPENAI_API_KEY)</c>.</summary>
    public override string ToString() => $"{Scheme} ({Description})";

    private sealed class FunctionConnector(string scheme, LMSpecForm form, Func<LMSpec, LMConnectOptions, IChatClient> connect) : LMConnector
    {
        public override string Scheme => scheme;
        public override LMSpecForm Form => form;
        public override string Description => "registered in code";
        public override string Example => form switch { LMSpecForm.Model => $"{scheme}:MODEL", LMSpecForm.Path => $"{scheme}:PATH", _ => scheme };
        public override IChatClient Connect(LMSpec spec, LMConnectOptions options) => connect(spec, options);
    }
}
