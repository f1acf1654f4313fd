using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class PredictorTests
{
    [Description("Answer questions with short factoid answers.")]
    public sealed record AskQuestion(string Question);

    public sealed record CountAnswer(int Answer, string? Reasoning = null);

    private static Dictionary<string, object?> Fields(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task A_typed_predictor_maps_records_to_fields_and_back()
    {
        var lm = ScriptedChatClient.InOrder(Fields(("answer", "8")));
        var predictor = Predict.Create<AskQuestion, CountAnswer>("count");

        var answer = await predictor.RunAsync(new AskQuestion("How many legs has a spider?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal(8, answer.Answer);
        var system = lm.Requests.Single().Messages[0].Text;
        Assert.Contains("1. `question` (str):", system);
        Assert.Contains("1. `answer` (int): ", system);
        Assert.Contains("Answer questions with short factoid answers.", system);
    }

    [Fact]
    public async Task ChainOfThought_asks_for_reasoning_before_the_answer_and_fills_a_Reasoning_property()
    {
        var lm = ScriptedChatClient.InOrder(Fields(("reasoning", "Spiders are arachnids."), ("answer", "8")));
        var predictor = Predict.ChainOfThought<AskQuestion, CountAnswer>("count");

        var answer = await predictor.RunAsync(new AskQuestion("Legs?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal("Spiders are arachnids.", answer.Reasoning);
        Assert.EndsWith("starting with the field `[[ ## reasoning ## ]]`, then `[[ ## answer ## ]]` (must be formatted as a valid Python int), and then ending with the marker for `[[ ## completed ## ]]`.",
            lm.Requests.Single().Messages[^1].Text);
    }

    [Fact]
    public async Task A_reply_the_chat_format_cannot_parse_is_retried_once_through_the_JSON_adapter()
    {
        var lm = ScriptedChatClient.RawInOrder("Paris, obviously.", "{\"answer\": \"Paris\"}");
        var qa = Predict.Create("qa", "question -> answer");

        var outcome = await qa.TryRunAsync(Example.Create("question", "Capital of France?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded);
        Assert.Equal("Paris", outcome.Output!["answer"]);
        Assert.Equal(["ChatAdapter", "JsonAdapter"], outcome.History.Calls.Select(c => c.Adapter));
        Assert.Null(lm.Requests[0].Options!.ResponseFormat);
        Assert.IsType<ChatResponseFormatJson>(lm.Requests[1].Options!.ResponseFormat);
    }

    [Fact]
    public async Task When_the_fallback_fails_too_the_parse_error_carries_the_last_raw_reply()
    {
        var lm = ScriptedChatClient.RawInOrder("Paris, obviously.", "Still Paris.");
        var qa = Predict.Create("qa", "question -> answer");

        var error = await Assert.ThrowsAsync<AdapterParseException>(() =>
            qa.RunAsync(Example.Create("question", "Capital?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken));

        Assert.Equal("JsonAdapter", error.Adapter);
        Assert.Equal("Still Paris.", error.Reply);
        Assert.Equal(2, lm.CallCount);
    }

    [Fact]
    public async Task A_reply_cut_off_by_the_token_limit_is_a_truncation_error_and_is_not_retried()
    {
        var lm = ScriptedChatClient.RawInOrder("[[ ## reasoning ## ]]\nLet me think about this very carefully and at length");
        lm.FinishReason = ChatFinishReason.Length;
        var qa = Predict.ChainOfThought("qa", "question -> answer");

        var error = await Assert.ThrowsAsync<AdapterParseException>(() =>
            qa.RunAsync(Example.Create("question", "Why?"), new LMSettings { Client = lm, MaxTokens = 12 }, TestContext.Current.CancellationToken));

        Assert.Equal(ParseFailure.Truncated, error.Failure);
        Assert.Equal(["answer"], error.MissingFields);
        Assert.Contains("max tokens 12", error.Message);
        Assert.Contains("Raise MaxTokens", error.Message);
        Assert.Equal(1, lm.CallCount);
    }

    [Fact]
    public async Task Compiled_instructions_and_demos_come_from_the_state_under_the_predictor_name()
    {
        var lm = ScriptedChatClient.InOrder(Fields(("answer", "Tokyo")));
        var qa = Predict.Create("qa", "question -> answer");
        var state = ProgramState.Empty.With("qa", new PredictorState
        {
            Instructions = "Answer with a city.",
            Demos = [Example.Create("question", "Capital of Italy?").With("answer", "Rome")],
        });

        await qa.WithState(state).RunAsync(Example.Create("question", "Capital of Japan?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        var messages = lm.Requests.Single().Messages;
        Assert.EndsWith("your objective is: \n        Answer with a city.", messages[0].Text);
        Assert.Equal(["system", "user", "assistant", "user"], messages.Select(m => m.Role.Value));
        Assert.Equal("[[ ## answer ## ]]\nRome\n\n[[ ## completed ## ]]\n", messages[2].Text);
    }

    [Fact]
    public async Task Settings_from_state_config_and_run_reach_the_request_in_that_order_of_precedence()
    {
        var lm = ScriptedChatClient.InOrder(Fields(("answer", "x")));
        var qa = Predict.Create("qa", "question -> answer").WithConfig(new PredictorConfig { Temperature = 0.3f, MaxTokens = 50 });
        var state = ProgramState.Empty.With("qa", new PredictorState { Model = "ft:small-1" });

        await qa.WithState(state).RunAsync(Example.Create("question", "q"),
            new LMSettings { Client = lm, Temperature = 0.9f, Model = "base", RolloutId = "r7" }, TestContext.Current.CancellationToken);

        var options = lm.Requests.Single().Options!;
        Assert.Equal(0.3f, options.Temperature);
        Assert.Equal(50, options.MaxOutputTokens);
        Assert.Equal("ft:small-1", options.ModelId);
        Assert.Equal("r7", DspyChatOptions.GetRolloutId(options));
    }

    [Fact]
    public async Task A_missing_input_field_is_named_before_any_LM_call()
    {
        var lm = ScriptedChatClient.InOrder(Fields(("answer", "x")));
        var qa = Predict.Create("qa", "context, question -> answer");

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            qa.RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken));

        Assert.StartsWith("Predictor 'qa' needs the input 'context' (signature 'context, question -> answer') but got only [question].", error.Message);
        Assert.Equal(0, lm.CallCount);
    }

    [Fact]
    public async Task Running_without_an_LM_says_how_to_configure_one()
    {
        var qa = Predict.Create("qa", "question -> answer");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            qa.RunAsync(Example.Create("question", "q"), TestContext.Current.CancellationToken));

        Assert.Contains("No LM is configured for predictor 'qa'", error.Message);
        Assert.Contains("LMSettings.Use(chatClient)", error.Message);
    }

    [Fact]
    public void A_typed_predictor_whose_input_record_lacks_a_field_fails_when_composed()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Predict.Create<AskQuestion, CountAnswer>("count", Signature.Parse("context, question -> answer: int")));

        Assert.Contains("the input type AskQuestion has no property for the input field context", error.Message);
    }

    [Fact]
    public async Task Inspect_shows_the_final_prompt_and_reply()
    {
        var lm = ScriptedChatClient.InOrder(Fields(("answer", "Paris")));
        var qa = Predict.Create("qa", "question -> answer");

        var outcome = await qa.TryRunAsync(Example.Create("question", "Capital of France?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);
        var text = outcome.History.Inspect(1, includeTimestamps: false);

        Assert.StartsWith("qa — scripted, ChatAdapter", text);
        Assert.Contains("System message:\n\nYour input fields are:", text);
        Assert.Contains("User message:\n\n[[ ## question ## ]]\nCapital of France?", text);
        Assert.Contains("Response:\n\n[[ ## answer ## ]]\nParis", text);
    }
}
