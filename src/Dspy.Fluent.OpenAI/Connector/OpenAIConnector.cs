using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

[assembly: Dspy.Fluent.LMConnector(typeof(Dspy.Fluent.OpenAIConnector))]

namespace Dspy.Fluent;

/// <summary>
/// <c>openai:MODEL[@URL]</c>: OpenAI's chat completions API, or any server that speaks it (vLLM, llama.cpp server,
/// LM Studio), through Microsoft.Extensions.AI.OpenAI. DSPy's <c>openai/MODEL</c> spelling is accepted too.
/// </summary>
/// <remarks>
/// The key comes from <see cref="LMConnectOptions.ApiKey"/>, else the <c>OPENAI_API_KEY</c> environment variable, and is
/// registered with the client's <see cref="SecretRedactor"/>: servers echo keys back in 401 bodies, which then reach
/// exception messages, history, logs, spans and reports. The SDK's own retries are off; retries belong to middleware.
/// </remarks>
/// <example>
/// <code>
/// using IChatClient lm = LMSpec.Connect("openai:gpt-4o-mini", LMConnectOptions.Default with { ApiKey = _ => key });
/// </code>
/// </example>
public sealed class OpenAIConnector : LMConnector
{
    /// <summary>The environment variable the key is read from when <see cref="LMConnectOptions.ApiKey"/> gives none.</summary>
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <inheritdoc />
    public override string Scheme => "openai";

    /// <inheritdoc />
    public override LMSpecForm Form => LMSpecForm.Model;

    /// <inheritdoc />
    public override string Description => "OpenAI or an OpenAI-compatible server (vLLM, LM Studio)";

    /// <inheritdoc />
    public override string Example => "openai:gpt-4o-mini";

    /// <inheritdoc />
    public override string? ExampleEndpoint => "http://127.0.0.1:8000/v1";

    /// <inheritdoc />
    public override IReadOnlyList<string> DspyProviderPrefixes { get; } = ["openai"];

    /// <summary>Sent to a self-hosted endpoint when no key is set: most local servers want some bearer token and check none.</summary>
    private const string PlaceholderKey = "no-key";

    /// <inheritdoc />
    public override IChatClient Connect(LMSpec spec, LMConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var model = spec.Model ?? throw new LMConnectionException(spec, "the spec names no model.");
        var redactor = new SecretRedactor();
        var key = options.ApiKey?.Invoke(spec) ?? options.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            if (spec.Endpoint is null)
                throw new LMConnectionException(spec,
                    $"no API key was given (LMConnectOptions.ApiKey) and the environment variable {ApiKeyVariable} is not set. Give your OpenAI API key, or point the spec at an " +
                    "OpenAI-compatible server that needs no key, e.g. 'openai:llama3@http://127.0.0.1:8000/v1'.");
            key = PlaceholderKey;
        }
        else
        {
            redactor.AddSecret(key);
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
        return ConnectorChatClient.OverHttp(provider, redactor, http);
    }
}
