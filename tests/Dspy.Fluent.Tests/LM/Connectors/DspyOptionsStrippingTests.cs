using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>The innermost step of every connector: no <c>dspy.*</c> option reaches a provider client.</summary>
public sealed class DspyOptionsStrippingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatOptions Options() => new()
    {
        Temperature = 0.5f,
        AdditionalProperties = new()
        {
            [DspyChatOptions.RolloutIdKey] = "r-1", ["DSPY.Other"] = 1, ["top_logprobs"] = 3,
        },
    };

    [Fact]
    public async Task The_provider_sees_every_option_except_dspy_keys()
    {
        var provider = ScriptedChatClient.RawInOrder("ok");
        using var client = new ChatClientBuilder(provider).UseDspyOptionsStripping().Build();

        await client.GetResponseAsync("hi", Options(), Ct);

        var seen = provider.Requests.Single().Options!;
        Assert.Equal(0.5f, seen.Temperature);
        Assert.Equal(["top_logprobs"], seen.AdditionalProperties!.Keys);
    }

    [Fact]
    public async Task Streaming_requests_are_stripped_too()
    {
        var provider = ScriptedChatClient.RawInOrder("ok");
        using var client = new DspyOptionsStrippingChatClient(provider);

        await foreach (var _ in client.GetStreamingResponseAsync("hi", Options(), Ct)) { }

        Assert.Equal(["top_logprobs"], provider.Requests.Single().Options!.AdditionalProperties!.Keys);
    }

    [Fact]
    public async Task The_callers_options_are_left_unchanged()
    {
        var options = Options();
        using var client = new DspyOptionsStrippingChatClient(ScriptedChatClient.RawInOrder("ok"));

        await client.GetResponseAsync("hi", options, Ct);

        Assert.Equal("r-1", DspyChatOptions.GetRolloutId(options));
        Assert.Equal(3, options.AdditionalProperties!.Count);
    }

    [Fact]
    public async Task Options_holding_only_dspy_keys_reach_the_provider_without_additional_properties()
    {
        var provider = ScriptedChatClient.RawInOrder("ok");
        using var client = new DspyOptionsStrippingChatClient(provider);

        await client.GetResponseAsync("hi", new ChatOptions { AdditionalProperties = new() { [DspyChatOptions.RolloutIdKey] = "r-1" } }, Ct);

        Assert.Null(provider.Requests.Single().Options!.AdditionalProperties);
    }

    [Fact]
    public void Every_built_in_connector_includes_the_stripping_step()
    {
        using var directory = new TempDirectory();
        var model = TinyGguf.Write(directory.File("tiny.gguf"));
        foreach (var spec in new[] { "openai:m@http://127.0.0.1:9/v1", "ollama:m@http://127.0.0.1:9", $"gguf:{model}" })
        {
            using var client = LMSpec.Connect(spec, LMConnectOptions.Default with { GetEnvironmentVariable = _ => null });

            Assert.NotNull(client.GetService<DspyOptionsStrippingChatClient>());
        }
    }
}
