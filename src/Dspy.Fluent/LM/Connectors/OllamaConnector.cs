using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Dspy.Fluent;

/// <summary><c>ollama:MODEL[@URL]</c>: an Ollama server through OllamaSharp.</summary>
internal static class OllamaConnector
{
    internal static readonly Uri DefaultEndpoint = new("http://localhost:11434");

    public static IChatClient Create(LMSpec spec, LMConnectOptions options)
    {
        var model = spec.Model ?? throw new LMConnectionException(spec, "the spec names no model.");
        // OllamaSharp resolves "api/chat" against the base address, so the base must end with a slash.
        var baseAddress = new Uri((spec.Endpoint ?? DefaultEndpoint).AbsoluteUri.TrimEnd('/') + "/");
        var http = options.HttpHandler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        http.BaseAddress = baseAddress;
        http.Timeout = options.RequestTimeout ?? TimeSpan.FromSeconds(100);
        var provider = new OllamaApiClient(http, model);
        return ConnectorChatClient.OverHttp(provider, http);
    }
}
