using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>Turning a parsed spec into a client: the registration hook, missing keys, and what a client reports about itself.</summary>
public sealed class LMSpecConnectTests
{
    private static LMConnectOptions WithEnvironment(params (string Name, string Value)[] variables) =>
        LMConnectOptions.Default with { GetEnvironmentVariable = name => variables.FirstOrDefault(v => v.Name == name).Value };

    [Fact]
    public void Simulated_connects_to_the_offline_SimulatedLM_by_default()
    {
        using var client = LMSpec.Connect("simulated");

        Assert.IsType<SimulatedLM>(client);
        Assert.Equal(SimulatedLM.ProviderName, client.GetService<Microsoft.Extensions.AI.ChatClientMetadata>()?.ProviderName);
    }

    [Fact]
    public async Task A_registered_simulated_connector_is_used_and_sees_the_rollout_id()
    {
        var simulated = ScriptedChatClient.RawInOrder("ok");
        var options = LMConnectOptions.Default.WithConnector("simulated", (_, _) => simulated);
        var request = new ChatOptions { AdditionalProperties = new() { [DspyChatOptions.RolloutIdKey] = "r-7" } };

        using var client = LMSpec.Connect("simulated", options);
        await client.GetResponseAsync("hi", request, TestContext.Current.CancellationToken);

        Assert.Same(simulated, client);
        Assert.Equal("r-7", DspyChatOptions.GetRolloutId(simulated.Requests.Single().Options));
    }

    [Fact]
    public void WithConnector_replaces_a_built_in_connector_and_leaves_the_original_options_unchanged()
    {
        var replacement = ScriptedChatClient.RawInOrder("ok");

        var options = LMConnectOptions.Default.WithConnector("OpenAI", (_, _) => replacement);

        Assert.Same(replacement, LMSpec.Connect("openai:gpt-4o-mini", options));
        Assert.Empty(LMConnectOptions.Default.Connectors);
        Assert.IsType<OpenAIConnector>(LMConnectors.Find("openai"));
    }

    [Fact]
    public void Real_OpenAI_without_OPENAI_API_KEY_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<LMConnectionException>(() => LMSpec.Connect("openai:gpt-4o-mini", WithEnvironment()));

        Assert.Equal(
            "Cannot connect to the LM 'openai:gpt-4o-mini': no API key was given (LMConnectOptions.ApiKey) and the environment variable OPENAI_API_KEY is not set. Give your OpenAI API key, " +
            "or point the spec at an OpenAI-compatible server that needs no key, e.g. 'openai:llama3@http://127.0.0.1:8000/v1'.",
            error.Message);
    }

    [Fact]
    public void An_OpenAI_compatible_endpoint_needs_no_key()
    {
        using var client = LMSpec.Connect("openai:llama3@http://127.0.0.1:8000/v1", WithEnvironment());

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("openai", metadata?.ProviderName);
        Assert.Equal(new Uri("http://127.0.0.1:8000/v1"), metadata?.ProviderUri);
        Assert.Equal("llama3", metadata?.DefaultModelId);
    }

    [Fact]
    public void The_OpenAI_key_appears_in_no_spec_options_or_client_description()
    {
        const string key = "sk-test-do-not-leak-0123456789";
        var options = WithEnvironment(("OPENAI_API_KEY", key));

        using var client = LMSpec.Connect("openai:gpt-4o-mini", options);

        Assert.DoesNotContain(key, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, LMSpec.Parse("openai:gpt-4o-mini").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, client.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal("gpt-4o-mini", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("ollama")]
    public async Task Requests_go_through_the_configured_HTTP_handler(string scheme)
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"), cancellationToken: TestContext.Current.CancellationToken);
        using var handler = new CountingHandler();
        var options = LoopbackSpecs.NoKey with { HttpHandler = handler };
        using var lm = LMSpec.Connect(scheme == "openai" ? LoopbackSpecs.OpenAI(server) : LoopbackSpecs.Ollama(server), options);

        await lm.GetResponseAsync("hi", null, TestContext.Current.CancellationToken);

        Assert.Equal(1, handler.Count);
    }

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public void Ollama_without_an_endpoint_targets_localhost_11434()
    {
        using var client = LMSpec.Connect("ollama:llama3.2");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal(new Uri("http://localhost:11434/"), metadata?.ProviderUri);
        Assert.Equal("llama3.2", metadata?.DefaultModelId);
    }
}
