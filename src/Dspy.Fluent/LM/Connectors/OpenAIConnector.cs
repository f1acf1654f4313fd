using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Dspy.Fluent;

/// <summary><c>openai:MODEL[@URL]</c>: OpenAI's chat completions API, or any server that speaks it, through Microsoft.Extensions.AI.OpenAI.</summary>
internal static class OpenAIConnector
{
    internal const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>Sent to a self-hosted endpoint when no key is set: most local servers want some bearer token and check none.</summary>
    private const string PlaceholderKey = "no-key";

    public static IChatClient Create(LMSpec spec, LMConnectOptions options)
    {
        var model = spec.Model ?? throw new LMConnectionException(spec, "the spec names no model.");
        var key = options.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            if (spec.Endpoint is null)
                throw new LMConnectionException(spec,
                    $"the environment variable {ApiKeyVariable} is not set. Set it to your OpenAI API key, or point the spec at an " +
                    "OpenAI-compatible server that needs no key, e.g. 'openai:llama3@http://127.0.0.1:8000/v1'.");
            key = PlaceholderKey;
        }
        else
        {
            // Registered where it is read: a key from a custom GetEnvironmentVariable (configuration, a vault) is not in the
            // process environment the shared redactor scans at start, and servers echo keys back in 401 bodies, which then
            // reach exception messages, history, logs, spans and reports.
            SecretRedactor.Shared.AddSecret(key);
        }

        var clientOptions = new OpenAIClientOptions
        {
            // Retries, backoff and rate limits are middleware outside the connector, where they are counted and visible;
            // the SDK's own silent retries would hide them and multiply waits.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (spec.Endpoint is { } endpoint) clientOptions.Endpoint = endpoint;
        if (options.RequestTimeout is { } timeout) clientOptions.NetworkTimeout = timeout;
        HttpClient? http = null;
        if (options.HttpHandler is { } handler)
        {
            http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            clientOptions.Transport = new HttpClientPipelineTransport(http);
        }

        var provider = new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(model).AsIChatClient();
        return ConnectorChatClient.OverHttp(provider, http);
    }
}
