using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Which LM to talk to, written as one short string: the value of an example's <c>--lm</c> option.
/// </summary>
/// <remarks>
/// <para>The accepted forms:</para>
/// <list type="table">
/// <para>Each scheme belongs to a connector package (<see cref="LMConnector"/>); referencing the package makes its
/// scheme work. The packages of this library accept:</para>
/// <item><term><c>simulated</c></term><description>the offline simulated LM (Dspy.Fluent.Simulation; not a model).</description></item>
/// <item><term><c>openai:MODEL</c></term><description>OpenAI's API (Dspy.Fluent.OpenAI); the key comes from <see cref="LMConnectOptions.ApiKey"/> or <c>OPENAI_API_KEY</c>.</description></item>
/// <item><term><c>openai:MODEL@URL</c></term><description>any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio), e.g. <c>openai:llama3@http://127.0.0.1:8000/v1</c>.</description></item>
/// <item><term><c>ollama:MODEL[@URL]</c></term><description>an Ollama server (Dspy.Fluent.Ollama), <c>http://localhost:11434</c> unless a URL is given.</description></item>
/// <item><term><c>gguf:PATH</c></term><description>a GGUF model file run in-process on the CPU with LLamaSharp (Dspy.Fluent.Gguf) (the application must reference a LLamaSharp backend package such as <c>LLamaSharp.Backend.Cpu</c>).</description></item>
/// </list>
/// <para>A spec holds no secret: keys come from options or the environment, and an endpoint with credentials in it is refused,
/// so a spec can be logged, shown in a history or saved with a program.</para>
/// </remarks>
/// <example>
/// <code>
/// // In an example's Main: `--lm SPEC`, defaulting to the offline simulated LM.
/// using IChatClient lm = LMSpec.FromCommandLine(args, "simulated").CreateClient();
/// var answer = await Predict.Create("qa", "question -> answer")
///     .RunAsync(Example.Create("question", "What is the capital of France?"), new LMSettings { Client = lm });
/// </code>
/// </example>
public sealed record LMSpec
{
    internal LMSpec(string scheme, string? model, Uri? endpoint, string? path)
    {
        Scheme = scheme;
        Model = model;
        Endpoint = endpoint;
        Path = path;
    }

    /// <summary>The scheme, lower case, e.g. <c>openai</c>: which <see cref="LMConnector"/> connects it.</summary>
    public string Scheme { get; }

    /// <summary>The model name of a <see cref="LMSpecForm.Model"/> spec; null otherwise.</summary>
    public string? Model { get; }

    /// <summary>The server's base URL when the spec names one (after <c>@</c>); null means the scheme's default.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The file of a <see cref="LMSpecForm.Path"/> spec (<c>gguf:</c>), as written; null otherwise.</summary>
    public string? Path { get; }

    /// <summary>Reads a spec string.</summary>
    /// <param name="spec">The spec, e.g. <c>openai:gpt-4o-mini@http://127.0.0.1:8000/v1</c>. Surrounding whitespace is ignored; the scheme is case-insensitive.</param>
    /// <returns>The parsed spec.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="LMSpecFormatException">The spec is not one of the accepted forms; the message says what is wrong and lists every form with an example.</exception>
    public static LMSpec Parse(string spec) => Parse(spec, LMConnectOptions.Default);

    /// <summary>Reads a spec string, knowing the connectors registered in <paramref name="options"/> as well.</summary>
    /// <param name="spec">The spec, e.g. <c>fake</c> for a connector added with <see cref="LMConnectOptions.WithConnector(LMConnector)"/>.</param>
    /// <param name="options">Options whose <see cref="LMConnectOptions.Connectors"/> take precedence.</param>
    /// <returns>The parsed spec.</returns>
    /// <exception cref="LMSpecFormatException">The spec is not one of the accepted forms.</exception>
    public static LMSpec Parse(string spec, LMConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        return LMSpecParser.Parse(spec, options);
    }

    /// <summary>
    /// Reads the <c>--lm SPEC</c> (or <c>--lm=SPEC</c>) option from a program's arguments, so every example accepts
    /// the LM the same way; the last occurrence wins.
    /// </summary>
    /// <param name="args">The program's command-line arguments.</param>
    /// <param name="defaultSpec">The spec when no <c>--lm</c> is given, e.g. <c>simulated</c>.</param>
    /// <returns>The parsed spec.</returns>
    /// <exception cref="LMSpecFormatException"><c>--lm</c> has no value, or the spec is not one of the accepted forms.</exception>
    /// <example>
    /// <code>
    /// // dotnet run -- --lm openai:gpt-4o-mini
    /// using IChatClient lm = LMSpec.FromCommandLine(args, "simulated").CreateClient();
    /// </code>
    /// </example>
    public static LMSpec FromCommandLine(IReadOnlyList<string> args, string defaultSpec)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(defaultSpec);
        var spec = defaultSpec;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--lm=", StringComparison.Ordinal)) spec = args[i]["--lm=".Length..];
            else if (args[i] == "--lm")
                spec = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[++i]
                    : throw new LMSpecFormatException("--lm", $"--lm needs a value, e.g. '--lm openai:gpt-4o-mini'.\n{LMSpecParser.AcceptedForms(LMConnectOptions.Default)}");
        }
        return Parse(spec);
    }

    /// <summary>Reads a spec string and connects to the LM it names, with default options.</summary>
    /// <param name="spec">The spec (see <see cref="Parse(string)"/>).</param>
    /// <returns>A client for the LM; dispose it when done.</returns>
    /// <exception cref="LMSpecFormatException">The spec is not one of the accepted forms.</exception>
    /// <exception cref="LMConnectionException">The spec is well formed but the LM cannot be reached or loaded (no API key, a GGUF file that does not load, no simulated LM registered).</exception>
    public static IChatClient Connect(string spec) => Connect(spec, LMConnectOptions.Default);

    /// <summary>Reads a spec string and connects to the LM it names.</summary>
    /// <param name="spec">The spec (see <see cref="Parse(string)"/>).</param>
    /// <param name="options">How to connect: timeouts, the environment, registered connectors.</param>
    /// <returns>A client for the LM; dispose it when done.</returns>
    /// <exception cref="LMSpecFormatException">The spec is not one of the accepted forms.</exception>
    /// <exception cref="LMConnectionException">The spec is well formed but the LM cannot be reached or loaded.</exception>
    public static IChatClient Connect(string spec, LMConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Parse(spec, options).CreateClient(options);
    }

    /// <summary>Connects to the LM this spec names, with default options.</summary>
    /// <returns>A client for the LM; dispose it when done.</returns>
    /// <exception cref="LMConnectionException">The LM cannot be reached or loaded.</exception>
    public IChatClient CreateClient() => CreateClient(LMConnectOptions.Default);

    /// <summary>Connects to the LM this spec names through the connector registered for its scheme.</summary>
    /// <param name="options">How to connect: timeouts, the environment, registered connectors.</param>
    /// <returns>
    /// A client for the LM; dispose it when done. The built-in connectors remove every <c>dspy.*</c> key from
    /// <see cref="ChatOptions.AdditionalProperties"/> before the provider sees a request (see <see cref="DspyOptionsStrippingChatClient"/>).
    /// </returns>
    /// <exception cref="LMConnectionException">No connector is registered for the scheme, or the LM cannot be reached or loaded.</exception>
    public IChatClient CreateClient(LMConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Find(Scheme) is not { } connector)
        {
            var known = string.Join(", ", LMConnectors.All.Select(c => c.Scheme).Concat(options.Connectors.Keys).Distinct().Order(StringComparer.Ordinal));
            throw new LMConnectionException(this, $"No connector is registered for the scheme '{Scheme}'. Known schemes: {(known.Length > 0 ? known : "none")}. " +
                                                  "Add the connector's package or register it with LMConnectors.Register(...).");
        }
        return connector.Connect(this, options) ?? throw new LMConnectionException(this, $"The connector registered for '{Scheme}' returned null.");
    }

    /// <summary>The spec in its canonical form (lower-case scheme, endpoint without a trailing slash); it parses back to an equal spec.</summary>
    public override string ToString() => this switch
    {
        { Path: { } path } => $"{Scheme}:{path}",
        { Model: null } => Scheme,
        _ when Endpoint is null => $"{Scheme}:{Model}",
        _ => $"{Scheme}:{Model}@{LMSpecParser.FormatEndpoint(Endpoint)}",
    };
}
