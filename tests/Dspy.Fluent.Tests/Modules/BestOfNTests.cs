namespace Dspy.Fluent.Tests;

public sealed class BestOfNTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static double OneWord(Example _, Prediction p) => p.GetText("answer").Split(' ').Length == 1 ? 1.0 : 0.0;

    [Fact]
    public async Task Attempts_use_distinct_rollout_ids_at_temperature_1_and_stop_at_the_threshold()
    {
        var lm = ScriptedChatClient.InOrder(Replies.Of(("answer", "the city of Brussels")), Replies.Of(("answer", "Brussels")), Replies.Of(("answer", "never asked")));
        var qa = Predict.Create("qa", "question -> answer");

        var result = await BestOfN.Create(qa, 3, OneWord, threshold: 1.0)
            .RunAsync(Example.Create("question", "Capital of Belgium?"), new LMSettings { Client = lm, Temperature = 0 }, Ct);

        Assert.Equal("Brussels", result.GetText("answer"));
        Assert.Equal(2, lm.CallCount);
        Assert.Equal(["0", "1"], lm.Requests.Select(r => DspyChatOptions.GetRolloutId(r.Options)));
        Assert.All(lm.Requests, r => Assert.Equal(1.0f, r.Options!.Temperature));
    }

    [Fact]
    public async Task Without_an_attempt_at_the_threshold_the_best_one_is_returned_with_only_its_trace()
    {
        var lm = ScriptedChatClient.InOrder(Replies.Of(("answer", "0.2")), Replies.Of(("answer", "0.9")), Replies.Of(("answer", "0.5")));
        var qa = Predict.Create("qa", "question -> answer");
        var scored = BestOfN.Create(qa, 3, (_, p) => double.Parse(p.GetText("answer"), System.Globalization.CultureInfo.InvariantCulture), threshold: 1.0);

        var outcome = await scored.TryRunAsync(Example.Create("question", "q"), new LMSettings { Client = lm, RolloutId = "10" }, Ct);

        Assert.Equal("0.9", outcome.Output!.GetText("answer"));
        Assert.Equal(["10", "11", "12"], lm.Requests.Select(r => DspyChatOptions.GetRolloutId(r.Options)));
        var entry = Assert.Single(outcome.Trace);
        Assert.Equal("0.9", entry.Outputs.GetText("answer"));
        Assert.Equal(3, outcome.History.Count);
    }

    [Fact]
    public async Task A_failed_attempt_is_tolerated_and_when_all_fail_the_errors_are_reported()
    {
        var lm = ScriptedChatClient.RawInOrder("no structure", "still none");
        var qa = Predict.Create("qa", "question -> answer");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            BestOfN.Create(qa, 2, OneWord, 1.0).RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct));

        Assert.StartsWith("BestOfN: all 2 attempts failed; the last error was AdapterParseException", error.Message);
        Assert.Equal(2, Assert.IsType<AggregateException>(error.InnerException).InnerExceptions.Count);
    }

    [Fact]
    public async Task With_FailCount_zero_the_first_failure_is_rethrown()
    {
        var lm = ScriptedChatClient.RawInOrder("no structure");
        var qa = Predict.Create("qa", "question -> answer");

        await Assert.ThrowsAsync<AdapterParseException>(() =>
            BestOfN.Create(qa, 3, OneWord, 1.0, new BestOfNOptions { FailCount = 0 })
                .RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct));
        Assert.Equal(2, lm.CallCount); // the attempt and its JSON fallback; no second attempt
    }

    [Fact]
    public async Task An_async_reward_sees_each_output_and_can_stop_early()
    {
        var lm = ScriptedChatClient.InOrder(Replies.Of(("answer", "a")), Replies.Of(("answer", "b")));
        var qa = Predict.Create("qa", "question -> answer");
        var seen = new List<string>();

        var result = await BestOfN.Create(qa, 5, async (Example _, Prediction p, CancellationToken ct) =>
        {
            await Task.Yield();
            seen.Add(p.GetText("answer"));
            return p.GetText("answer") == "b" ? 1.0 : 0.0;
        }, threshold: 1.0).RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("b", result.GetText("answer"));
        Assert.Equal(["a", "b"], seen);
    }
}
