using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class ScriptedChatClientTests
{
    private static readonly Predictor<Example, Prediction> Qa = Predict.Create("qa", "question -> answer");

    private static Dictionary<string, object?> Answer(string text) => new() { ["answer"] = text };

    [Fact]
    public async Task InOrder_replies_in_turn_and_repeats_the_last()
    {
        var lm = ScriptedChatClient.InOrder(Answer("one"), Answer("two"));
        var settings = new LMSettings { Client = lm };
        var ct = TestContext.Current.CancellationToken;

        var answers = new List<string>();
        for (var i = 0; i < 3; i++) answers.Add((await Qa.RunAsync(Example.Create("question", "q"), settings, ct)).GetText("answer"));

        Assert.Equal(["one", "two", "two"], answers);
    }

    [Fact]
    public async Task ByPrompt_picks_the_reply_whose_key_is_in_the_last_message()
    {
        var lm = ScriptedChatClient.ByPrompt(new Dictionary<string, IReadOnlyDictionary<string, object?>>
        {
            ["France"] = Answer("Paris"),
            ["Japan"] = Answer("Tokyo"),
        });

        var answer = await Qa.RunAsync(Example.Create("question", "Capital of Japan?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal("Tokyo", answer["answer"]);
    }

    [Fact]
    public async Task ByPrompt_without_a_matching_key_fails_with_the_prompt()
    {
        var lm = ScriptedChatClient.ByPrompt(new Dictionary<string, IReadOnlyDictionary<string, object?>> { ["France"] = Answer("Paris") });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Qa.RunAsync(Example.Create("question", "Capital of Peru?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken));

        Assert.Contains("Capital of Peru?", error.Message);
    }

    [Fact]
    public async Task FollowDemos_answers_with_the_demo_whose_inputs_match()
    {
        var lm = ScriptedChatClient.FollowDemos();
        var demos = new[]
        {
            Example.Create("question", "Capital of Italy?").With("answer", "Rome"),
            Example.Create("question", "Capital of Spain?").With("answer", "Madrid"),
        };
        var program = Qa.WithState(ProgramState.Empty.With("qa", new PredictorState { Demos = demos }));

        var answer = await program.RunAsync(Example.Create("question", "Capital of Spain?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal("Madrid", answer["answer"]);
    }

    [Fact]
    public async Task Replies_to_a_JSON_request_are_written_as_JSON()
    {
        var lm = ScriptedChatClient.InOrder(Answer("Lima"));

        var answer = await Qa.RunAsync(Example.Create("question", "Capital of Peru?"),
            new LMSettings { Client = lm, Adapter = JsonAdapter.Default }, TestContext.Current.CancellationToken);

        Assert.Equal("Lima", answer["answer"]);
        Assert.StartsWith("{", (await lm.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json },
            TestContext.Current.CancellationToken)).Text);
    }
}
