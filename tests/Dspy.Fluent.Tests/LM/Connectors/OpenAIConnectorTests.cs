using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Dspy.Fluent.Tests;

/// <summary>The <c>openai:MODEL@URL</c> connector over real HTTP to the loopback server.</summary>
public sealed class OpenAIConnectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, object?> Answer(string text) => new() { ["answer"] = text };

    private static Task<Prediction> AskAsync(IChatClient lm, LMSettings? settings = null) =>
        Predict.Create("qa", "question -> answer")
            .RunAsync(Example.Create("question", "What is the capital of France?"), (settings ?? new LMSettings()) with { Client = lm }, Ct);

    [Fact]
    public async Task A_Predict_program_run_through_the_connector_gets_the_scripted_answer()
    {
        var backend = ScriptedChatClient.InOrder(Answer("Paris"));
        await using var server = await LoopbackServer.StartAsync(backend, cancellationToken: Ct);
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server), LoopbackSpecs.NoKey);

        var prediction = await AskAsync(lm);

        Assert.Equal("Paris", prediction.GetText("answer"));
        Assert.Contains("What is the capital of France?", backend.Requests.Single().Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temperature_max_tokens_and_model_arrive_in_the_request_body()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.InOrder(Answer("Paris")), cancellationToken: Ct);
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server, "gpt-spec"), LoopbackSpecs.NoKey);

        await AskAsync(lm, new LMSettings { Temperature = 0.25f, MaxTokens = 77, Model = "gpt-override" });

        using var body = JsonDocument.Parse(server.RequestBodies.Single());
        Assert.Equal(0.25, body.RootElement.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(77, body.RootElement.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal("gpt-override", body.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Without_a_model_setting_the_spec_model_is_requested()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.InOrder(Answer("Paris")), cancellationToken: Ct);
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server, "gpt-spec"), LoopbackSpecs.NoKey);

        await AskAsync(lm);

        using var body = JsonDocument.Parse(server.RequestBodies.Single());
        Assert.Equal("gpt-spec", body.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_rollout_id_and_other_dspy_keys_never_reach_the_request_body()
    {
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.InOrder(Answer("Paris")), cancellationToken: Ct);
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server), LoopbackSpecs.NoKey);
        var extra = new ChatOptions { AdditionalProperties = new() { ["dspy.trace_tag"] = "tag-31337" } };

        await AskAsync(lm, new LMSettings { RolloutId = "rollout-4242", ChatOptions = extra });

        var body = server.RequestBodies.Single();
        Assert.DoesNotContain("dspy", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("rollout-4242", body, StringComparison.Ordinal);
        Assert.DoesNotContain("tag-31337", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_MEAI_OpenAI_client_itself_sends_no_additional_properties()
    {
        // Pins what Microsoft.Extensions.AI.OpenAI 10.11 does without our stripping: AdditionalProperties are not
        // serialized. If an upgrade starts sending them, this fails and the stripping becomes load-bearing.
        await using var server = await LoopbackServer.StartAsync(ScriptedChatClient.RawInOrder("ok"), cancellationToken: Ct);
        using var raw = new OpenAIClient(new ApiKeyCredential("placeholder"), new OpenAIClientOptions { Endpoint = server.BaseUrl, RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient("gpt-test").AsIChatClient();
        var options = new ChatOptions { AdditionalProperties = new() { [DspyChatOptions.RolloutIdKey] = "rollout-1", ["custom_key"] = 42 } };

        await raw.GetResponseAsync("hello", options, Ct);

        var body = server.RequestBodies.Single();
        Assert.DoesNotContain("rollout-1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("custom_key", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_and_finish_reason_come_back_from_the_server()
    {
        var backend = ScriptedChatClient.InOrder(Answer("Paris"));
        await using var server = await LoopbackServer.StartAsync(backend, cancellationToken: Ct);
        using var lm = LMSpec.Connect(LoopbackSpecs.OpenAI(server), LoopbackSpecs.NoKey);

        var response = await lm.GetResponseAsync("hello", new ChatOptions(), Ct);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.True(response.Usage?.OutputTokenCount > 0);
    }
}
