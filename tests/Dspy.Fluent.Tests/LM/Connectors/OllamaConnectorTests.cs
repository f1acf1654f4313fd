using System.Text.Json;
using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>The <c>ollama:MODEL@URL</c> connector (OllamaSharp) against the loopback server's Ollama endpoint.</summary>
public sealed class OllamaConnectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Predict_program_run_through_the_connector_gets_the_scripted_answer()
    {
        var backend = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "Paris" });
        await using var server = await LoopbackServer.StartAsync(backend, cancellationToken: Ct);
        using var lm = LMSpec.Connect(LoopbackSpecs.Ollama(server));

        var prediction = await Predict.Create("qa", "question -> answer")
            .RunAsync(Example.Create("question", "What is the capital of France?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("Paris", prediction.GetText("answer"));
        Assert.Equal(1, server.Stats.Succeeded);
    }

    [Fact]
    public async Task Model_temperature_max_tokens_and_seed_arrive_as_Ollama_options_and_dspy_keys_do_not()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"), cancellationToken: Ct);
        using var lm = LMSpec.Connect(LoopbackSpecs.Ollama(server, "qwen2.5:0.5b"));
        var options = new ChatOptions
        {
            Temperature = 0.25f, MaxOutputTokens = 64, Seed = 9,
            AdditionalProperties = new() { [DspyChatOptions.RolloutIdKey] = "rollout-4242" },
        };

        await lm.GetResponseAsync("hello", options, Ct);

        var text = server.RequestBodies.Single();
        using var body = JsonDocument.Parse(text);
        Assert.Equal("qwen2.5:0.5b", body.RootElement.GetProperty("model").GetString());
        var sent = body.RootElement.GetProperty("options");
        Assert.Equal(0.25, sent.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(64, sent.GetProperty("num_predict").GetInt32());
        Assert.Equal(9, sent.GetProperty("seed").GetInt32());
        Assert.DoesNotContain("rollout-4242", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_comes_back_from_Ollamas_eval_counts()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("a reply of some length"), cancellationToken: Ct);
        using var lm = LMSpec.Connect(LoopbackSpecs.Ollama(server));

        var response = await lm.GetResponseAsync("hello there", null, Ct);

        Assert.Equal("a reply of some length", response.Text);
        Assert.Equal(ScriptedChatClientEstimate("hello there"), response.Usage?.InputTokenCount);
        Assert.Equal(ScriptedChatClientEstimate("a reply of some length"), response.Usage?.OutputTokenCount);
    }

    /// <summary>ScriptedChatClient counts about four characters per token.</summary>
    private static int ScriptedChatClientEstimate(string text) => (text.Length + 3) / 4;
}
