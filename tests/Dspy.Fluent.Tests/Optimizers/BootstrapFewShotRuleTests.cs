namespace Dspy.Fluent.Tests;

/// <summary>BootstrapFewShot's rules, each shown with a scripted LM whose answers are right only for chosen questions.</summary>
public sealed class BootstrapFewShotRuleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Predictor<Example, Prediction> Rewrite = Predict.Create("rewrite", "question -> query");
    private static readonly Predictor<Example, Prediction> Respond = Predict.Create("respond", "query -> answer");

    private static Program<Example, Prediction> TwoStep() =>
        from q in Programs.Input<Example>()
        from r in Rewrite.Call(Example.Create("question", q["question"]))
        from a in Respond.Call(Example.Create("query", r["query"]))
        select a;

    private static Example[] Trainset(int n) =>
        Enumerable.Range(0, n).Select(i => Example.Create("question", $"q{i}").With("answer", $"a{i}").WithInputs("question")).ToArray();

    /// <summary>Rewrites "qi" to "Q:qi"; answers "ai" for the questions in <paramref name="right"/>, "wrong" otherwise.</summary>
    private static ScriptedChatClient LM(Func<int, bool> right) => ScriptedChatClient.Answering(messages =>
    {
        if (ScriptedChatClient.InputOf(messages, "question") is { } q) return new Dictionary<string, object?> { ["query"] = $"Q:{q}" };
        var i = int.Parse(ScriptedChatClient.InputOf(messages, "query")!["Q:q".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return new Dictionary<string, object?> { ["answer"] = right(i) ? $"a{i}" : "wrong" };
    });

    [Fact]
    public async Task Demos_come_only_from_passing_traces_and_every_predictor_gets_its_own()
    {
        var lm = LM(i => i % 2 == 1);
        var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 2, MaxLabeledDemos = 2, Settings = new() { Client = lm } });

        var result = await optimizer.CompileAsync(TwoStep(), Trainset(6), Ct);

        var rewrite = result.State.Find("rewrite")!.Demos;
        var respond = result.State.Find("respond")!.Demos;
        Assert.Equal(["q1", "q3"], rewrite.Select(d => d.GetText("question")));
        Assert.Equal(["Q:q1", "Q:q3"], rewrite.Select(d => d.GetText("query")));
        Assert.Equal(["Q:q1", "Q:q3"], respond.Select(d => d.GetText("query")));
        Assert.Equal(["a1", "a3"], respond.Select(d => d.GetText("answer")));
        Assert.All(rewrite.Concat(respond), d => Assert.Equal(true, d["augmented"]));
    }

    [Fact]
    public async Task Labeled_demos_top_up_from_examples_that_were_not_bootstrapped()
    {
        var lm = ScriptedChatClient.Answering(m => new Dictionary<string, object?> { ["answer"] = ScriptedChatClient.InputOf(m, "question") == "q0" ? "a0" : "wrong" });
        var qa = Predict.Create("qa", "question -> answer");
        var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 1, MaxLabeledDemos = 3, Settings = new() { Client = lm } });

        var result = await optimizer.CompileAsync(qa, Trainset(5), Ct);

        var demos = result.State.Find("qa")!.Demos;
        Assert.Equal(3, demos.Count);
        Assert.Equal("q0", demos[0].GetText("question"));
        Assert.True(demos[0].ContainsKey("augmented"));
        Assert.All(demos.Skip(1), d => Assert.False(d.ContainsKey("augmented")));
        Assert.DoesNotContain(demos.Skip(1), d => d.GetText("question") == "q0");
    }

    [Fact]
    public async Task Labeled_examples_without_a_predictors_outputs_are_not_made_into_demos()
    {
        var lm = LM(_ => false);
        var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxLabeledDemos = 4, Settings = new() { Client = lm } });

        var result = await optimizer.CompileAsync(TwoStep(), Trainset(5), Ct);

        Assert.Empty(result.State.Find("rewrite")!.Demos); // question/answer examples say nothing about queries
    }

    [Fact]
    public async Task An_example_never_serves_as_its_own_demo_while_the_teacher_runs_on_it()
    {
        var lm = ScriptedChatClient.Answering(m => new Dictionary<string, object?> { ["answer"] = "a" + ScriptedChatClient.InputOf(m, "question")![1..] });
        var qa = Predict.Create("qa", "question -> answer");
        var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 4, Settings = new() { Client = lm } });

        await optimizer.CompileAsync(qa, Trainset(4), Ct);

        Assert.Equal(4, lm.CallCount);
        foreach (var request in lm.Requests)
        {
            var question = ScriptedChatClient.InputOf(request.Messages, "question")!;
            var demoQuestions = request.Messages.Skip(1).SkipLast(1).Where(m => m.Role.Value == "user").Select(m => m.Text).ToList();
            Assert.Equal(3, demoQuestions.Count);
            Assert.DoesNotContain($"[[ ## question ## ]]\n{question}", demoQuestions);
        }
    }

    [Fact]
    public async Task Later_rounds_run_at_temperature_one_with_their_own_rollout_id()
    {
        var lm = LM(i => i == 0);
        var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 3, MaxLabeledDemos = 0, MaxRounds = 3, Settings = new() { Client = lm } });

        await optimizer.CompileAsync(TwoStep(), Trainset(3), Ct);

        var rounds = lm.Requests.Select(r => (Rollout: DspyChatOptions.GetRolloutId(r.Options), r.Options?.Temperature)).Distinct().ToList();
        Assert.Equal([(null, null), ("bootstrap-round-1", 1.0f), ("bootstrap-round-2", 1.0f)], rounds);
    }

    [Fact]
    public async Task Parallel_bootstrapping_keeps_the_first_passing_examples_in_trainset_order()
    {
        async Task<string> Compile(int concurrency) => (await new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions
        {
            MaxBootstrappedDemos = 3, MaxLabeledDemos = 5, Concurrency = concurrency, Settings = new() { Client = LM(i => i % 3 != 0) },
        }).CompileAsync(TwoStep(), Trainset(12), Ct)).State.ToJson();

        var sequential = await Compile(1);
        var parallel = await Compile(8);

        Assert.Equal(sequential, parallel);
        Assert.Contains("\"question\": \"q1\"", sequential);
    }

    [Fact]
    public async Task Compiling_leaves_the_student_untouched_and_reports_what_it_tried()
    {
        var lm = LM(i => i < 2);
        var student = TwoStep();

        var result = await new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 2, Concurrency = 1, Settings = new() { Client = lm } })
            .CompileAsync(student, Trainset(4), Ct);

        Assert.Equal(ProgramState.Empty, student.State);
        Assert.Equal("BootstrapFewShot", result.Report.Optimizer);
        Assert.Equal(2, result.Report.Trials.Count(t => t.Accepted));
        Assert.Equal(lm.CallCount, result.Report.LMCalls);
    }

    [Fact]
    public async Task An_empty_trainset_is_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new BootstrapFewShot(Metrics.ExactMatch).CompileAsync(TwoStep(), [], Ct));

        Assert.StartsWith("BootstrapFewShot needs at least one training example; the trainset is empty.", error.Message);
    }
}
