using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>The path from a predictor to the LM and back: what the user learns when a reply or a client misbehaves.</summary>
public sealed class LMInvokerTests
{
    [Fact]
    public async Task When_the_JSON_fallback_fails_too_the_first_adapters_reason_and_reply_are_kept()
    {
        var lm = ScriptedChatClient.RawInOrder("[[ ## count ## ]]\nforty-two", "I count forty-two.");
        var counter = Predict.Create("counter", "text -> count: int");

        var error = await Assert.ThrowsAsync<AdapterParseException>(() =>
            counter.RunAsync(Example.Create("text", "How many?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken));

        Assert.Equal(["ChatAdapter", "JsonAdapter"], error.Attempts.Select(a => a.Adapter));
        Assert.Equal([ParseFailure.WrongType, ParseFailure.Unstructured], error.Attempts.Select(a => a.Failure));
        var first = Assert.IsType<AdapterParseException>(error.InnerException);
        Assert.Equal("[[ ## count ## ]]\nforty-two", first.Reply);
        Assert.Contains("'forty-two' is not a whole number", error.Message);
        Assert.Contains("[[ ## count ## ]]\nforty-two", error.Message);
        Assert.Contains("no JSON object in the reply", error.Message);
        Assert.Contains("I count forty-two.", error.Message);
    }

    [Fact]
    public async Task When_the_JSON_fallback_was_tried_the_advice_does_not_suggest_JsonAdapter()
    {
        var lm = ScriptedChatClient.RawInOrder("[[ ## count ## ]]\nforty-two", "I count forty-two.");
        var counter = Predict.Create("counter", "text -> count: int");

        var error = await Assert.ThrowsAsync<AdapterParseException>(() =>
            counter.RunAsync(Example.Create("text", "How many?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken));

        Assert.DoesNotContain("try JsonAdapter", error.Message);
        Assert.Contains("Say in the field's description how the value must be written", error.Message);
    }

    [Fact]
    public async Task Without_a_fallback_the_advice_still_suggests_JsonAdapter()
    {
        var lm = ScriptedChatClient.RawInOrder("[[ ## count ## ]]\nforty-two");
        var counter = Predict.Create("counter", "text -> count: int").WithConfig(new PredictorConfig { Adapter = new ChatAdapter(useJsonFallback: false) });

        var error = await Assert.ThrowsAsync<AdapterParseException>(() =>
            counter.RunAsync(Example.Create("text", "How many?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken));

        Assert.Equal(["ChatAdapter"], error.Attempts.Select(a => a.Adapter));
        Assert.Null(error.InnerException as AdapterParseException);
        Assert.Contains("try JsonAdapter", error.Message);
    }

    [Fact]
    public async Task A_null_response_from_the_client_is_an_error_naming_the_client_model_and_predictor()
    {
        var lm = new FakeChatClient((_, _, _) => Task.FromResult<ChatResponse>(null!));
        var history = new LMHistory();
        var qa = Predict.Create("qa", "question -> answer");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            qa.RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm, Model = "small-1", History = history }, TestContext.Current.CancellationToken));

        Assert.Contains("FakeChatClient", error.Message);
        Assert.Contains("model 'small-1'", error.Message);
        Assert.Contains("predictor 'qa'", error.Message);
        Assert.Contains("returned no response", error.Message);
        Assert.Equal(error.Message, history.Calls.Single().Error);
    }

    [Fact]
    public async Task A_reply_cut_at_the_token_limit_with_every_field_present_says_the_last_value_is_cut_short()
    {
        var lm = ScriptedChatClient.RawInOrder("[[ ## count ## ]]\nforty");
        lm.FinishReason = ChatFinishReason.Length;
        var counter = Predict.Create("counter", "text -> count: int");

        var error = await Assert.ThrowsAsync<AdapterParseException>(() =>
            counter.RunAsync(Example.Create("text", "How many?"), new LMSettings { Client = lm, MaxTokens = 3 }, TestContext.Current.CancellationToken));

        Assert.Equal(ParseFailure.Truncated, error.Failure);
        Assert.DoesNotContain("before writing  ", error.Message);
        Assert.Contains("every field begun, so the last value is probably cut short", error.Message);
        Assert.Contains("'forty' is not a whole number", error.Message);
        Assert.Contains("max tokens 3", error.Message);
        Assert.Equal(1, lm.CallCount);
    }
}
