
namespace Dspy.Fluent.Tests;

public sealed class ProgramCompositionTests
{
    public sealed record Question(string Text);

    public sealed record SearchQuery(string Query);

    public sealed record Answer(string Text);

    private static readonly Predictor<Example, Prediction> Rewrite = Predict.Create("rewrite", "question -> query");
    private static readonly Predictor<Example, Prediction> Respond = Predict.ChainOfThought("respond", "query, question -> answer");

    /// <summary>An LM that answers every request from its own inputs, so a mixed-up history would show.</summary>
    private static ScriptedChatClient EchoLM() => ScriptedChatClient.Answering(messages =>
    {
        var question = ScriptedChatClient.InputOf(messages, "question");
        return ScriptedChatClient.InputOf(messages, "query") is { } query
            ? new Dictionary<string, object?> { ["reasoning"] = $"because {query}", ["answer"] = $"A({question})" }
            : new Dictionary<string, object?> { ["query"] = $"Q({question})" };
    });

    private static Program<Question, string> TwoStep() =>
        from q in Programs.Input<Question>()
        from rewritten in Rewrite.Call(Example.Create("question", q.Text))
        from answer in Respond.Call(Example.Create("query", rewritten["query"]).With("question", q.Text))
        select answer.GetText("answer");

    [Fact]
    public void Composing_a_three_step_program_makes_no_LM_call()
    {
        var lm = EchoLM();
        using var scope = LMSettings.Use(lm);

        var program =
            from q in Programs.Input<Question>()
            from a in Rewrite.Call(Example.Create("question", q.Text))
            from b in Respond.Call(Example.Create("query", a["query"]).With("question", q.Text))
            from c in Rewrite.Call(Example.Create("question", b["answer"]))
            select c;

        Assert.NotNull(program);
        Assert.Equal(0, lm.CallCount);
    }

    [Fact]
    public async Task A_thousand_concurrent_runs_of_one_program_keep_outputs_traces_and_histories_apart()
    {
        var lm = EchoLM();
        var program = TwoStep();
        var settings = new LMSettings { Client = lm };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() =>
            program.TryRunAsync(new Question($"q{i}"), settings, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

        Assert.Equal(2000, lm.CallCount);
        for (var i = 0; i < outcomes.Length; i++)
        {
            var outcome = outcomes[i];
            Assert.True(outcome.Succeeded, outcome.Error?.ToString());
            Assert.Equal($"A(q{i})", outcome.Output);
            Assert.Equal(["rewrite", "respond"], outcome.Trace.Select(t => t.Name));
            Assert.Equal($"q{i}", outcome.Trace[0].Inputs["question"]);
            Assert.Equal($"Q(q{i})", outcome.Trace[1].Inputs["query"]);
            Assert.Equal(2, outcome.History.Count);
            Assert.All(outcome.History.Calls, c => Assert.Contains($"q{i}\n", c.Messages[^1].Text + "\n"));
        }
    }

    [Fact]
    public async Task WithState_returns_a_new_program_and_leaves_the_original_untouched()
    {
        var lm = EchoLM();
        var settings = new LMSettings { Client = lm };
        var original = TwoStep();
        var demo = Example.Create("question", "Where?").With("query", "where query");

        var compiled = original.WithState(ProgramState.Empty.With("rewrite", new PredictorState { Demos = [demo] }));
        await compiled.RunAsync(new Question("x"), settings, TestContext.Current.CancellationToken);
        await original.RunAsync(new Question("y"), settings, TestContext.Current.CancellationToken);

        Assert.NotSame(original, compiled);
        Assert.Equal(ProgramState.Empty, original.State);
        Assert.Equal(["rewrite"], compiled.State.Predictors.Keys);
        Assert.Equal(4, lm.Requests[0].Messages.Count); // system, demo user, demo assistant, user
        Assert.Equal(2, lm.Requests[2].Messages.Count); // the original still runs without demos
    }

    [Fact]
    public async Task An_outer_state_wins_over_an_inner_one_only_for_the_predictors_it_names()
    {
        var lm = EchoLM();
        var inner = TwoStep().WithState(ProgramState.Empty
            .With("rewrite", new PredictorState { Instructions = "inner rewrite" })
            .With("respond", new PredictorState { Instructions = "inner respond" }));
        var outer = Programs.Input<Question>().BindProgram(_ => inner)
            .WithState(ProgramState.Empty.With("respond", new PredictorState { Instructions = "outer respond" }));

        await outer.RunAsync(new Question("q"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.EndsWith("inner rewrite", lm.Requests[0].Messages[0].Text);
        Assert.EndsWith("outer respond", lm.Requests[1].Messages[0].Text);
    }

    [Fact]
    public async Task Code_lifted_with_From_records_its_predictor_calls_in_the_same_run()
    {
        var lm = EchoLM();
        var hops = Programs.From<Question, string>(async (q, ct) =>
        {
            var query = q.Text;
            for (var hop = 0; hop < 3; hop++)
                query = (await Rewrite.RunAsync(Example.Create("question", query), ct)).GetText("query");
            return query;
        });

        var outcome = await hops.TryRunAsync(new Question("start"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal("Q(Q(Q(start)))", outcome.Output);
        Assert.Equal(3, outcome.Trace.Count);
        Assert.Equal(3, outcome.History.Count);
    }

    [Fact]
    public async Task Zip_runs_both_branches_at_the_same_time()
    {
        var bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var lm = EchoLM();
        lm.BeforeReply = async (_, ct) =>
        {
            if (Interlocked.Increment(ref inFlight) == 2) bothArrived.TrySetResult();
            await bothArrived.Task.WaitAsync(ct);
        };
        var left = Programs.Input<Question>().Bind(q => Rewrite.Call(Example.Create("question", q.Text + "-left")));
        var right = Programs.Input<Question>().Bind(q => Rewrite.Call(Example.Create("question", q.Text + "-right")));

        var both = await left.Zip(right, (a, b) => $"{a["query"]}|{b["query"]}")
            .RunAsync(new Question("z"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal("Q(z-left)|Q(z-right)", both);
    }

    [Fact]
    public async Task Cancelling_a_run_cancels_the_LM_call_and_throws()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var lm = EchoLM();
        lm.BeforeReply = async (_, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TwoStep().TryRunAsync(new Question("q"), new LMSettings { Client = lm }, cts.Token));
    }

    [Fact]
    public async Task Ambient_settings_flow_with_each_async_call_and_do_not_leak_between_them()
    {
        var first = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["query"] = "from first" });
        var second = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["query"] = "from second" });

        async Task<string> RunWith(ScriptedChatClient lm)
        {
            using var scope = LMSettings.Use(lm);
            await Task.Yield();
            return (await Rewrite.RunAsync(Example.Create("question", "q"), TestContext.Current.CancellationToken)).GetText("query");
        }

        var results = await Task.WhenAll(RunWith(first), RunWith(second));

        Assert.Equal(["from first", "from second"], results);
        Assert.Null(LMSettings.Current);
    }

    [Fact]
    public void Predictors_lists_what_a_program_is_built_from_and_what_it_declares()
    {
        var program = Rewrite.Then(Programs.Lift<Prediction, Example>(p => Example.Create("question", p["query"]))).Uses(Respond);

        Assert.Equal(["rewrite", "respond"], program.Predictors.Select(p => p.Name.Value));
    }

    [Fact]
    public async Task Select_maps_the_output_without_calling_the_model_again()
    {
        var lm = EchoLM();

        var upper = await Rewrite.Select(p => p.GetText("query").ToUpperInvariant())
            .RunAsync(Example.Create("question", "abc"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal("Q(ABC)", upper);
        Assert.Equal(1, lm.CallCount);
    }

    [Fact]
    public async Task Fold_threads_an_accumulator_through_one_traced_step_per_item()
    {
        var lm = EchoLM();
        var program =
            from q in Programs.Input<Question>()
            from queries in Steps.Fold(Enumerable.Range(0, 3), new List<string> { q.Text }, (acc, hop) =>
                from r in Rewrite.Call(Example.Create("question", acc[^1]))
                select acc.Append(r.GetText("query")).ToList())
            select string.Join(" > ", queries);

        var outcome = await program.TryRunAsync(new Question("x"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal("x > Q(x) > Q(Q(x)) > Q(Q(Q(x)))", outcome.Output);
        Assert.Equal(3, outcome.Trace.Count);
    }
}
