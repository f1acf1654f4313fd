namespace Dspy.Fluent.Tests;

public sealed class MultiChainComparisonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_prompt_shows_each_attempt_as_DSPy_formats_it_and_asks_for_a_rationale_first()
    {
        var lm = ScriptedChatClient.InOrder(Replies.Of(("rationale", "Two of three say 4."), ("answer", "4")));
        var compare = new MultiChainComparison("compare", "question -> answer");
        Prediction[] attempts =
        [
            new(Replies.Of(("reasoning", "add 2 and 2\nthen check"), ("answer", "4"))),
            new(Replies.Of(("reasoning", "multiply 2 by 2"), ("answer", "4\nsure"))),
            new(Replies.Of(("rationale", "guess"), ("answer", "5"))),
        ];

        var result = await compare.Call(Example.Create("question", "2 + 2?"), attempts).RunAsync(new LMSettings { Client = lm }, Ct);

        Assert.Equal("4", result.GetText("answer"));
        var request = lm.Requests.Single();
        Assert.StartsWith(
            "Your input fields are:\n1. `question` (str): \n2. `reasoning_attempt_1` (str): ${reasoning attempt}\n3. `reasoning_attempt_2` (str): ${reasoning attempt}\n" +
            "4. `reasoning_attempt_3` (str): ${reasoning attempt}\nYour output fields are:\n1. `rationale` (str): ${corrected reasoning}\n2. `answer` (str):\nAll interactions",
            request.System());
        Assert.EndsWith("your objective is: \n        Given the fields `question`, produce the fields `answer`.", request.System());
        Assert.Equal(
            "[[ ## question ## ]]\n2 + 2?\n\n" +
            "[[ ## reasoning_attempt_1 ## ]]\n«I'm trying to add 2 and 2 I'm not sure but my prediction is 4»\n\n" +
            "[[ ## reasoning_attempt_2 ## ]]\n«I'm trying to multiply 2 by 2 I'm not sure but my prediction is 4»\n\n" +
            "[[ ## reasoning_attempt_3 ## ]]\n«I'm trying to guess I'm not sure but my prediction is 5»\n\n" +
            "Respond with the corresponding output fields, starting with the field `[[ ## rationale ## ]]`, then `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.",
            request.User());
        Assert.Equal(0.7f, request.Options!.Temperature);
    }

    [Fact]
    public async Task The_wrong_number_of_attempts_is_a_clear_error()
    {
        var compare = new MultiChainComparison("compare", "question -> answer", m: 3);
        var attempt = new Prediction(Replies.Of(("reasoning", "r"), ("answer", "a")));

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            compare.Call(Example.Create("question", "q"), [attempt, attempt]).RunAsync(new LMSettings { Client = ScriptedChatClient.RawInOrder("x") }, Ct));

        Assert.Contains("compares 3 attempts but got 2", error.Message);
    }

    [Fact]
    public async Task Attempts_from_CallMany_feed_it_in_one_LINQ_program_and_both_predictors_are_traced()
    {
        var lm = ScriptedChatClient.Answering(messages => messages[0].Text!.Contains("reasoning_attempt_1", StringComparison.Ordinal)
            ? Replies.Of(("rationale", "Most attempts agree."), ("answer", "Paris"))
            : Replies.Of(("reasoning", "It is the capital."), ("answer", "Paris")));
        var cot = Predict.ChainOfThought("cot", "question -> answer");
        var compare = new MultiChainComparison("compare", "question -> answer");
        var program =
            from q in Programs.Input<Example>()
            from attempts in cot.CallMany(q, 3)
            from best in compare.Call(q, attempts)
            select best.GetText("answer");

        var outcome = await program.TryRunAsync(Example.Create("question", "Capital of France?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("Paris", outcome.Output);
        Assert.Equal(["cot", "compare.predict"], outcome.Trace.Select(t => t.Name));
        Assert.Equal(4, lm.CallCount);
        Assert.Equal(["compare.predict"], compare.Predictors.Select(p => p.Name.Value));
    }
}
