using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class CallbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Predictor<Example, Prediction> Rewrite = Predict.Create("rewrite", "question -> query");
    private static readonly Predictor<Example, Prediction> Answer = Predict.Create("answer", "query -> answer");

    private static readonly Program<Example, Prediction> TwoStep =
        from q in Programs.Input<Example>()
        from r in Rewrite.Call(q)
        from a in Answer.Call(Example.Create("query", r.GetText("query")))
        select a;

    private static ScriptedChatClient TwoReplies() =>
        ScriptedChatClient.InOrder(Replies.Of(("query", "capital of France")), Replies.Of(("answer", "Paris")));

    private static string[] PredictorCall(string name) =>
    [
        $"start Predictor {name}",
        "start AdapterFormat ChatAdapter", "end AdapterFormat ChatAdapter",
        "start LM lm", "end LM lm",
        "start AdapterParse ChatAdapter", "end AdapterParse ChatAdapter",
        $"end Predictor {name}",
    ];

    [Fact]
    public async Task A_callback_sees_every_event_of_a_two_step_program_in_order()
    {
        var callback = new RecordingCallback();

        await TwoStep.RunAsync(Example.Create("question", "Where is Paris?"), new LMSettings { Client = TwoReplies(), Callbacks = [callback] }, Ct);

        Assert.Equal(["start Run program", .. PredictorCall("rewrite"), .. PredictorCall("answer"), "end Run program"], callback.Events);
    }

    [Fact]
    public async Task Each_end_event_carries_its_start_id_and_the_output_and_each_call_names_its_parent()
    {
        var callback = new RecordingCallback();

        var answer = await TwoStep.RunAsync(Example.Create("question", "Where is Paris?"), new LMSettings { Client = TwoReplies(), Callbacks = [callback] }, Ct);

        var starts = callback.Starts.ToDictionary(s => s.CallId);
        Assert.Equal(starts.Keys.Order(), callback.Ends.Select(e => e.CallId).Order());
        var run = Assert.Single(starts.Values, s => s.Kind == DspyCallKind.Run);
        Assert.Null(run.ParentCallId);
        Assert.All(starts.Values.Where(s => s.Kind == DspyCallKind.Predictor), p => Assert.Equal(run.CallId, p.ParentCallId));
        Assert.All(starts.Values.Where(s => s.Kind == DspyCallKind.LM), lm => Assert.Equal(DspyCallKind.Predictor, starts[lm.ParentCallId!].Kind));
        Assert.Same(answer, callback.Ends.Single(e => e.Kind == DspyCallKind.Run).Output);
        Assert.Equal("Paris", Assert.IsType<Prediction>(callback.Ends.Last(e => e.Kind == DspyCallKind.AdapterParse).Output).GetText("answer"));
        Assert.IsType<ChatResponse>(callback.Ends.First(e => e.Kind == DspyCallKind.LM).Output);
    }

    [Fact]
    public async Task A_ReAct_tool_call_is_reported_between_the_turn_that_chose_it_and_the_next_turn()
    {
        var lm = ScriptedChatClient.InOrder(
            Replies.Of(("next_thought", "Add them."), ("next_tool_name", "add"), ("next_tool_args", "{\"a\": 2, \"b\": 3}")),
            Replies.Of(("next_thought", "Done."), ("next_tool_name", "finish"), ("next_tool_args", "{}")),
            Replies.Of(("reasoning", "2 + 3 = 5"), ("answer", "5")));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create((int a, int b) => a + b, "add")]);
        var callback = new RecordingCallback();

        await agent.RunAsync(Example.Create("question", "What is 2 + 3?"), new LMSettings { Client = lm, Callbacks = [callback] }, Ct);

        Assert.Equal(
        [
            "start Run ReAct", "start Module ReAct",
            "start Predictor agent.react", "end Predictor agent.react",
            "start Tool add", "end Tool add",
            "start Predictor agent.react", "end Predictor agent.react",
            "start Predictor agent.extract", "end Predictor agent.extract",
            "end Module ReAct", "end Run ReAct",
        ], callback.Events.Where(e => !e.Contains("Adapter", StringComparison.Ordinal) && !e.Contains(" LM ", StringComparison.Ordinal)));
        Assert.Equal("5", callback.Ends.Single(e => e.Kind == DspyCallKind.Tool).Output?.ToString());
    }

    [Fact]
    public async Task A_failing_LM_call_reaches_every_enclosing_end_event_with_the_exception()
    {
        var lm = new FakeChatClient((_, _, _) => Task.FromException<ChatResponse>(new InvalidOperationException("provider down")));
        var callback = new RecordingCallback();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TwoStep.RunAsync(Example.Create("question", "Where is Paris?"), new LMSettings { Client = lm, Callbacks = [callback] }, Ct));

        Assert.Equal(
        [
            "start Run program", "start Predictor rewrite", "start AdapterFormat ChatAdapter", "end AdapterFormat ChatAdapter",
            "start LM lm", "end LM lm !InvalidOperationException", "end Predictor rewrite !InvalidOperationException", "end Run program !InvalidOperationException",
        ], callback.Events);
        Assert.Equal("provider down", callback.Ends.Last().Exception!.Message);
    }

    [Fact]
    public async Task A_throwing_callback_does_not_change_the_run()
    {
        var throwing = new ThrowingCallback();
        var recording = new RecordingCallback();

        var answer = await TwoStep.RunAsync(Example.Create("question", "Where is Paris?"),
            new LMSettings { Client = TwoReplies(), Callbacks = [throwing, recording] }, Ct);

        Assert.Equal("Paris", answer.GetText("answer"));
        Assert.Equal(18, recording.Events.Count);
    }

    [Fact]
    public async Task Callbacks_scoped_with_UseCallbacks_see_runs_without_settings_and_settings_given_to_a_run_replace_them()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var lm = ScriptedChatClient.InOrder(Replies.Of(("answer", "1")), Replies.Of(("answer", "2")), Replies.Of(("answer", "3")));
        var scoped = new RecordingCallback();
        var perRun = new RecordingCallback();

        using (LMSettings.Use(lm))
        using (LMSettings.UseCallbacks(scoped))
        {
            await qa.RunAsync(Example.Create("question", "q1"), Ct);
            await qa.RunAsync(Example.Create("question", "q2"), new LMSettings { Client = lm, Callbacks = [perRun] }, Ct);
        }
        await qa.RunAsync(Example.Create("question", "q3"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("q1", Assert.IsType<Example>(scoped.Starts.Single(s => s.Kind == DspyCallKind.Run).Input).GetText("question"));
        Assert.Equal("q2", Assert.IsType<Example>(perRun.Starts.Single(s => s.Kind == DspyCallKind.Run).Input).GetText("question"));
        Assert.Null(LMSettings.Current);
    }

    [Fact]
    public async Task A_DspyCallback_subclass_gets_DSPy_style_handlers_per_kind()
    {
        var lmCalls = new LMCounter();

        await TwoStep.RunAsync(Example.Create("question", "Where is Paris?"), new LMSettings { Client = TwoReplies(), Callbacks = [lmCalls] }, Ct);

        Assert.Equal(2, lmCalls.Ended);
    }

    private sealed class ThrowingCallback : IDspyCallback
    {
        public Task OnStartAsync(DspyCallStart call, CancellationToken cancellationToken) => throw new InvalidOperationException("observer bug");

        public Task OnEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.FromException(new InvalidOperationException("observer bug"));
    }

    private sealed class LMCounter : DspyCallback
    {
        public int Ended { get; private set; }

        public override Task OnLMEndAsync(DspyCallEnd call, CancellationToken cancellationToken)
        {
            Ended++;
            return Task.CompletedTask;
        }
    }
}
