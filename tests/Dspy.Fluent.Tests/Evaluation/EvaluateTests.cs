using Microsoft.Extensions.AI;
using static Dspy.Fluent.Tests.EvaluationFakes;

namespace Dspy.Fluent.Tests;

public sealed class EvaluateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task Sixteen_calls_are_in_flight_at_once_and_rows_come_back_in_devset_order()
    {
        // Every call waits at a gate until 16 have arrived; then the 16 are released newest first, one after another,
        // so the first rows to finish are the last ones started.
        var lm = EchoLM();
        var gate = new object();
        var waiting = new List<TaskCompletionSource>();
        var finished = new List<string>();
        string? sixteenth = null;
        int inFlight = 0, maxInFlight = 0;
        var released = false;
        lm.BeforeReply = async (messages, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            TaskCompletionSource? mine = null, previous = null;
            lock (gate)
            {
                maxInFlight = Math.Max(maxInFlight, now);
                if (!released)
                {
                    mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    waiting.Add(mine);
                    if (waiting.Count == 16)
                    {
                        // Calls arrive in whatever order the scheduler starts them; remember which one completed the 16.
                        sixteenth = ScriptedChatClient.InputOf(messages, "question");
                        released = true;
                        waiting[^1].SetResult();
                    }
                }
            }
            if (mine is not null)
            {
                await mine.Task.WaitAsync(ct);
                lock (gate) { var at = waiting.IndexOf(mine); previous = at > 0 ? waiting[at - 1] : null; }
            }
            lock (gate) finished.Add(ScriptedChatClient.InputOf(messages, "question")!);
            Interlocked.Decrement(ref inFlight);
            previous?.SetResult();
        };
        var devset = Devset(40);

        var result = await Evaluate.RunAsync(Qa, devset, Metrics.ExactMatch,
            new EvaluateOptions { Concurrency = 16, Settings = new LMSettings { Client = lm } }, TestContext.Current.CancellationToken);

        Assert.Equal(16, maxInFlight);
        Assert.Equal(sixteenth, finished[0]);
        Assert.Equal(Enumerable.Range(0, 40), result.Rows.Select(r => r.Index));
        Assert.All(result.Rows, r => Assert.Equal($"A(q{r.Index})", r.Prediction!["answer"]));
        Assert.All(result.Rows, r => Assert.Same(devset[r.Index], r.Example));
        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public async Task With_an_LM_that_fails_one_call_in_ten_every_example_is_scored_or_an_error_row()
    {
        var lm = EchoLM(fails: q => Number(q) % 10 == 3);

        var result = await Evaluate.RunAsync(Qa, Devset(100), Metrics.ExactMatch,
            new EvaluateOptions { MaxErrors = null, Settings = new LMSettings { Client = lm } }, Ct);

        Assert.Equal(100, result.Rows.Count);
        var errors = result.Rows.Where(r => r.Failed).ToArray();
        Assert.Equal([3, 13, 23, 33, 43, 53, 63, 73, 83, 93], errors.Select(r => r.Index));
        Assert.All(errors, r => Assert.Equal($"InvalidOperationException: The LM refused 'q{r.Index}'.", r.Error));
        Assert.All(errors, r => Assert.Equal(0, r.Score));
        Assert.All(errors, r => Assert.Single(r.Calls));
        Assert.All(result.Rows.Where(r => !r.Failed), r => Assert.Equal(1, r.Score));
        Assert.Equal(0.9, result.Score, 12);
        Assert.Equal(10, result.ErrorCount);
    }

    [Fact]
    public async Task Exceeding_the_error_budget_stops_with_a_message_that_counts_the_errors_and_shows_the_first()
    {
        var lm = EchoLM(fails: q => Number(q) % 10 == 3);

        var error = await Assert.ThrowsAsync<EvaluationAbortedException>(() => Evaluate.RunAsync(Qa, Devset(100), Metrics.ExactMatch,
            new EvaluateOptions { Concurrency = 1, MaxErrors = 3, Settings = new LMSettings { Client = lm } }, Ct));

        Assert.Equal("Evaluation stopped: 4 examples failed, more than the 3 allowed (EvaluateOptions.MaxErrors), after 34 of the devset's examples finished. " +
            "First error, example #3: InvalidOperationException: The LM refused 'q3'. Fix the cause, or raise the budget with new EvaluateOptions { MaxErrors = 13 } (null for no limit).",
            error.Message);
        Assert.Equal(34, error.PartialResult.Rows.Count);
        Assert.Equal(3, error.FirstError.Index);
        Assert.Equal(34, lm.CallCount);
    }

    [Fact]
    public async Task A_metric_that_throws_becomes_an_error_row_with_the_prediction_kept()
    {
        var lm = EchoLM();
        var flaky = Metrics.FromResult("flaky", c => c.Example.GetText("question") == "q1" ? throw new FormatException("bad label") : MetricResult.Pass);

        var result = await Evaluate.RunAsync(Qa, Devset(3), flaky, new EvaluateOptions { Settings = new LMSettings { Client = lm } }, Ct);

        Assert.Equal("Metric 'flaky' failed: FormatException: bad label", result.Rows[1].Error);
        Assert.Equal("A(q1)", result.Rows[1].Prediction!["answer"]);
        Assert.Equal(2.0 / 3, result.Score, 12);
    }

    [Fact]
    public async Task Typed_programs_get_their_input_from_the_example_by_field_name()
    {
        var lm = EchoLM();
        var typed = Programs.Input<QuestionText>().Bind(q => Qa.Call(Example.Create("question", q.Question)))
            .Select(p => new Reply(p.GetText("answer")));

        var result = await Evaluate.RunAsync(typed, Devset(2), Metrics.ExactMatch, new EvaluateOptions { Settings = new LMSettings { Client = lm } }, Ct);

        Assert.Equal(1.0, result.Score);
        Assert.Equal("A(q1)", result.Rows[1].Prediction!["answer"]);
    }

    public sealed record QuestionText(string Question);

    public sealed record Reply(string Answer);

    [Fact]
    public async Task An_example_without_marked_inputs_fails_its_row_with_a_hint_for_an_Example_program()
    {
        var unmarked = Example.Create("question", "q0").With("answer", "A(q0)");

        var result = await Evaluate.RunAsync(Qa, [unmarked], Metrics.ExactMatch, new EvaluateOptions { Settings = new LMSettings { Client = EchoLM() } }, Ct);

        Assert.Contains("example.WithInputs(\"question\")", result.Rows[0].Error);
    }

    [Fact]
    public async Task A_custom_input_mapping_is_used_for_every_example()
    {
        var lm = EchoLM();
        var shout = Programs.Input<string>().Bind(q => Qa.Call(Example.Create("question", q))).Select(p => p.GetText("answer"));

        var result = await Evaluate.RunAsync(shout, Devset(2), e => e.GetText("question").ToUpperInvariant(), Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = lm } }, Ct);

        Assert.Equal("A(Q1)", result.Rows[1].Prediction!["answer"]);
        Assert.Equal(1.0, result.Score); // exact match ignores case
    }

    [Fact]
    public async Task Progress_is_reported_after_every_example_with_the_running_score_and_errors()
    {
        var reports = new List<EvaluationProgress>();
        var progress = new SynchronousProgress(reports.Add);

        await Evaluate.RunAsync(Qa, Devset(10), Metrics.ExactMatch, new EvaluateOptions
        {
            Concurrency = 1, MaxErrors = null, Progress = progress, Settings = new LMSettings { Client = EchoLM(q => q == "q3") },
        }, Ct);

        Assert.Equal(Enumerable.Range(1, 10), reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(10, r.Total));
        Assert.Equal(new EvaluationProgress(4, 10, 0.75, 1) { LMCalls = 4 }, reports[3]);
        Assert.Equal(new EvaluationProgress(10, 10, 0.9, 1) { LMCalls = 10 }, reports[^1]);
    }

    [Fact]
    public async Task Progress_counts_the_LM_calls_and_cache_hits_of_the_finished_examples()
    {
        var reports = new List<EvaluationProgress>();
        var lm = new ReportingClient(EchoLM(), "simulated", "sim-1", cacheHits: true);

        await Evaluate.RunAsync(Qa, Devset(3), Metrics.ExactMatch, new EvaluateOptions
        {
            Concurrency = 1, Progress = new SynchronousProgress(reports.Add), Settings = new LMSettings { Client = lm },
        }, Ct);

        Assert.Equal([(1, 1), (2, 2), (3, 3)], reports.Select(r => (r.LMCalls, r.CacheHits)));
    }

    [Fact]
    public async Task Rows_count_LM_calls_tokens_and_cache_hits_and_the_result_names_the_LM()
    {
        var lm = new ReportingClient(EchoLM(), "simulated", "sim-1", cacheHits: true);

        var result = await Evaluate.RunAsync(Qa, Devset(3), Metrics.ExactMatch, new EvaluateOptions { Settings = new LMSettings { Client = lm } }, Ct);

        Assert.All(result.Rows, r => Assert.Equal(new EvaluationUsage(1, 1, 0, 0, 0), r.Usage));
        Assert.Equal(new EvaluationUsage(3, 3, 0, 0, 0), result.Usage);
        Assert.Equal(new LMIdentity("simulated", "sim-1") { StandIn = SimulatedLM.StandIn }, result.LM);
        Assert.True(result.LM.IsStandIn);
        Assert.StartsWith("LM: simulated, model sim-1 (a deterministic offline stand-in", result.Summary().Split('\n')[^1]);
    }

    [Fact]
    public async Task Rows_keep_the_prompt_and_reply_of_their_own_run()
    {
        var result = await Evaluate.RunAsync(Qa, Devset(5), Metrics.ExactMatch, new EvaluateOptions { Settings = new LMSettings { Client = EchoLM() } }, Ct);

        var row = result.Rows[4];
        Assert.Contains("[[ ## question ## ]]\nq4", row.Calls.Single().Messages[^1].Text);
        Assert.Contains("[[ ## answer ## ]]\nA(q4)", row.Calls.Single().Reply);
        Assert.True(row.Usage.InputTokens > 0);
        Assert.Contains("User message:", row.RenderCalls());
    }

    [Fact]
    public async Task Cancelling_stops_the_run_with_OperationCanceledException()
    {
        var lm = EchoLM();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        lm.BeforeReply = async (_, ct) =>
        {
            await cancel.CancelAsync();
            await new TaskCompletionSource().Task.WaitAsync(ct); // held until the run is cancelled
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Evaluate.RunAsync(Qa, Devset(20), Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = lm } }, cancel.Token));
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so the test sees every report before the run returns.</summary>
    private sealed class SynchronousProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        private readonly object _gate = new();

        public void Report(EvaluationProgress value)
        {
            lock (_gate) report(value);
        }
    }
}
