namespace Dspy.Fluent.Tests;

public sealed class ParallelExecutorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ScriptedChatClient EchoLM() => ScriptedChatClient.Answering(messages =>
    {
        var question = ScriptedChatClient.InputOf(messages, "question")!;
        return question.StartsWith("bad", StringComparison.Ordinal)
            ? throw new HttpRequestException($"500 for {question}")
            : Replies.Of(("answer", $"A({question})"));
    });

    [Fact]
    public async Task No_more_than_MaxConcurrency_jobs_are_in_flight_and_results_keep_input_order()
    {
        var lm = EchoLM();
        var inFlight = 0;
        var peak = 0;
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lm.BeforeReply = async (_, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            if (now == 2) twoRunning.TrySetResult();
            await twoRunning.Task.WaitAsync(ct);
            Interlocked.Decrement(ref inFlight);
        };
        var qa = Predict.Create("qa", "question -> answer");
        var questions = Enumerable.Range(0, 12).Select(i => Example.Create("question", $"q{i}"));

        var results = await ParallelExecutor.Run(qa, questions, new ParallelExecutorOptions { MaxConcurrency = 2 })
            .RunAsync(new LMSettings { Client = lm }, Ct);

        Assert.Equal(2, peak);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"A(q{i})"), results.Select(r => r.GetOutputOrThrow().GetText("answer")));
        Assert.Equal(Enumerable.Range(0, 12), results.Select(r => r.Index));
    }

    [Fact]
    public async Task Failures_within_the_budget_come_back_as_results()
    {
        var qa = Predict.Create("qa", "question -> answer");
        string[] questions = ["q0", "bad1", "q2", "bad3"];

        var outcome = await ParallelExecutor.Run(qa, questions.Select(q => Example.Create("question", q)), new ParallelExecutorOptions { MaxErrors = 2 })
            .RunAsync(new LMSettings { Client = EchoLM() }, Ct);

        Assert.Equal([true, false, true, false], outcome.Select(r => r.Succeeded));
        Assert.Contains("500 for bad1", outcome[1].Error!.Message);
        Assert.Equal("A(q2)", outcome[2].Output!.GetText("answer"));
    }

    [Fact]
    public async Task Exceeding_the_error_budget_cancels_the_rest_and_throws_a_clear_error()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var questions = new[] { "bad0", "bad1", "bad2" }.Concat(Enumerable.Range(0, 20).Select(i => $"q{i}"));
        var lm = EchoLM();

        var error = await Assert.ThrowsAsync<ErrorBudgetExceededException>(() =>
            ParallelExecutor.Run(qa, questions.Select(q => Example.Create("question", q)), new ParallelExecutorOptions { MaxConcurrency = 1, MaxErrors = 1 })
                .RunAsync(new LMSettings { Client = lm }, Ct));

        Assert.Equal(2, error.Errors.Count);
        Assert.StartsWith("2 of 23 jobs failed, more than the 1 tolerated (ParallelExecutorOptions.MaxErrors); the remaining jobs were cancelled.", error.Message);
        Assert.Equal(2, lm.CallCount);
    }

    [Fact]
    public async Task Program_input_pairs_run_as_steps_inside_one_run_and_share_its_trace()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var shout = Predict.Create("shout", "question -> answer");
        var batch =
            from q in Programs.Input<string>()
            from results in ParallelExecutor.Run([qa.Call(Example.Create("question", q)), shout.Call(Example.Create("question", q + "!"))])
            select results.Select(r => r.GetOutputOrThrow().GetText("answer")).ToArray();

        var outcome = await batch.TryRunAsync("hi", new LMSettings { Client = EchoLM() }, Ct);

        Assert.Equal(["A(hi)", "A(hi!)"], outcome.GetOutputOrThrow());
        Assert.Equal(["qa", "shout"], outcome.Trace.Select(t => t.Name).Order());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
