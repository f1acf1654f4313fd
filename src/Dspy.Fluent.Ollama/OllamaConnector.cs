using Microsoft.Extensions.AI;
using OllamaSharp;

[assembly: Dspy.Fluent.LMConnector(typeof(Dspy.Fluent.OllamaConnector))]

namespace Dspy.Fluent;

/// <summary><c>ollama:MODEL[@URL]</c>: an Ollama server through OllamaSharp, at <c>http://localhost:11434</c> unless a URL is given.</summary>
/// <example>
/// <code>
/// using IChatClient lm = LMSpec.Connect("ollama:llama3.2@http://127.0.0.1:11434");
/// </code>
/// </example>
public sealed class OllamaConnector : LMConnector
{
    /// <summary>Where an <c>ollama:</c> spec without a URL connects.</summary>
    public static Uri DefaultEndpoint { get; } = new("http://localhost:11434");

    /// <inheritdoc />
    public override string Scheme => "ollama";

    /// <inheritdoc />
    public override LMSpecForm Form => LMSpecForm.Model;

    /// <inheritdoc />
    public override string Description => "Ollama, at http://localhost:11434 unless given";

    /// <inheritdoc />
    public override string Example => "ollama:llama3.2";

    /// <inheritdoc />
    public override string? ExampleEndpoint => "http://127.0.0.1:11434";

    /// <inheritdoc />
    public override IReadOnlyList<string> DspyProviderPrefixes { get; } = ["ollama", "ollama_chat"];

    /// <inheritdoc />
    public override IChatClient Connect(LMSpec spec, LMConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var model = spec.Model ?? throw new LMConnectionException(spec, "the spec names no model.");
        // OllamaSharp resolves "api/chat" against the base address, so the base must end with a slash.
        var baseAddress = new Uri((spec.Endpoint ?? DefaultEndpoint).AbsoluteUri.TrimEnd('/') + "/");
        var http = options.HttpHandler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        http.BaseAddress = baseAddress;
        http.Timeout = options.RequestTimeout ?? TimeSpan.FromSeconds(100);
        var provider = new OllamaApiClient(http, model);
        return ConnectorChatClient.OverHttp(provider, new SecretRedactor(), http);
    }
}
