namespace Dspy.Fluent.Tests;

public sealed class CallManyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ScriptedChatClient Numbered()
    {
        var n = 0;
        return ScriptedChatClient.Answering(_ => Replies.Of(("answer", $"a{Interlocked.Increment(ref n)}")));
    }

    [Theory]
    [InlineData(null, 0.7f)]
    [InlineData(0.0f, 0.7f)]
    [InlineData(0.15f, 0.7f)]
    [InlineData(0.9f, 0.9f)]
    public async Task Several_completions_raise_a_temperature_at_or_below_0_15_to_0_7_as_DSPy_does(float? temperature, float expected)
    {
        var lm = Numbered();
        var qa = Predict.Create("qa", "question -> answer");

        await qa.CallMany(Example.Create("question", "q"), 3).RunAsync(new LMSettings { Client = lm, Temperature = temperature }, Ct);

        Assert.All(lm.Requests, r => Assert.Equal(expected, r.Options!.Temperature));
    }

    [Fact]
    public async Task A_predictor_temperature_at_or_below_0_15_is_raised_too_but_one_completion_keeps_it()
    {
        var lm = Numbered();
        var qa = Predict.Create("qa", "question -> answer").WithConfig(new PredictorConfig { Temperature = 0.1f });

        await qa.CallMany(Example.Create("question", "q"), 2).RunAsync(new LMSettings { Client = lm }, Ct);
        await qa.CallMany(Example.Create("question", "q"), 1).RunAsync(new LMSettings { Client = lm }, Ct);

        Assert.Equal([0.7f, 0.7f, 0.1f], lm.Requests.Select(r => r.Options!.Temperature));
    }

    [Fact]
    public async Task Each_completion_has_its_own_rollout_id_and_the_trace_gets_one_entry()
    {
        var lm = Numbered();
        var qa = Predict.Create("qa", "question -> answer");
        var program = Programs.Input<Example>().Bind(q => qa.CallMany(q, 3));

        var outcome = await program.TryRunAsync(Example.Create("question", "q"), new LMSettings { Client = lm, RolloutId = "5" }, Ct);

        Assert.Equal(3, outcome.Output!.Count);
        Assert.Equal(3, outcome.Output.Select(p => p.GetText("answer")).Distinct().Count());
        Assert.Equal(["5", "6", "7"], lm.Requests.Select(r => DspyChatOptions.GetRolloutId(r.Options)).Order());
        var entry = Assert.Single(outcome.Trace);
        Assert.Equal(outcome.Output[0].GetText("answer"), entry.Outputs.GetText("answer"));
        Assert.Equal(3, outcome.History.Count);
    }

    [Fact]
    public async Task When_the_run_streams_only_the_first_completion_s_fields_are_streamed()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var program = Programs.Input<Example>().Bind(q => qa.CallMany(q, 3));

        var updates = new List<StreamUpdate<IReadOnlyList<Prediction>>>();
        await foreach (var update in program.StreamAsync(Example.Create("question", "q"), new LMSettings { Client = Numbered() }, Ct))
            updates.Add(update);

        var completed = Assert.Single(updates, u => u.FieldCompleted);
        Assert.Equal(updates[^1].Output![0].GetText("answer"), completed.Value);
        Assert.Equal(3, updates[^1].Output!.Count);
    }
}
