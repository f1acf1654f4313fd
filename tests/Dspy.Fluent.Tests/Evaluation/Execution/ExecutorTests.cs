using static Dspy.Fluent.Tests.EvaluationFakes;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The executor seam: evaluation and every optimizer's runs go through <see cref="IExampleExecutor"/>, and what they
/// produce does not depend on the order an executor returns runs in; a broken executor is reported, never merged.
/// </summary>
public sealed class ExecutorTests(PlainRagFixture rag) : IClassFixture<PlainRagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_evaluation_through_another_executor_has_the_same_rows_scores_and_totals()
    {
        var executor = new ReversingExecutor();
        var local = await Evaluate.RunAsync(rag.Program, rag.Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = PlainRagFixture.Settings() }, Ct);
        var other = await Evaluate.RunAsync(rag.Program, rag.Dev, Metrics.ExactMatch,
            new EvaluateOptions { Settings = PlainRagFixture.Settings(), Executor = executor }, Ct);

        Assert.Equal((1, rag.Dev.Count), (executor.Works, executor.Examples));
        Assert.Equal(local.Score, other.Score);
        Assert.Equal(local.Usage, other.Usage);
        Assert.Equal(local.WithoutTimings(), other.WithoutTimings());
        Assert.NotEqual(local.WallTime, other.WithoutTimings().WallTime);
        Assert.InRange(local.Score, 0.01, 0.99);
    }

    [Fact]
    public async Task BootstrapFewShot_compiled_through_another_executor_saves_the_same_program()
    {
        BootstrapFewShot Optimizer() => new(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 2, Settings = PlainRagFixture.Settings() });
        var executor = new ReversingExecutor();

        var local = await Optimizer().CompileAsync(rag.Program, rag.Train, Ct);
        var other = await Optimizer().CompileAsync(rag.Program, rag.Train, new CompileOptions<Example, Prediction> { Executor = executor }, Ct);

        Assert.True(executor.Examples >= 4, $"the teacher's runs did not go through the executor ({executor.Examples} examples)");
        // Only the program is the same: how many teacher runs were already in flight when enough demos passed depends on timing.
        Assert.Equal(local.State.ToJson(), other.State.ToJson());
    }

    [Fact]
    public async Task COPRO_and_GEPA_compiled_through_another_executor_save_the_same_programs()
    {
        var copro = new ReversingExecutor();
        var gepa = new ReversingExecutor();
        var trainset = rag.Train.Take(20).ToList();
        var valset = new CompileOptions<Example, Prediction> { Valset = rag.Train.Skip(20).ToList() };
        COPRO Copro() => new(Metrics.ExactMatch, new COPROOptions { Breadth = 3, Depth = 1, Seed = 1, Settings = PlainRagFixture.Settings() });
        GEPA Gepa() => new(GEPATests.ExactMatchWithFeedback, new GEPAOptions { MaxMetricCalls = 60, Seed = 2, Settings = PlainRagFixture.Settings() });

        var coproLocal = await Copro().CompileAsync(rag.Program, rag.Train, Ct);
        var coproOther = await Copro().CompileAsync(rag.Program, rag.Train, new CompileOptions<Example, Prediction> { Executor = copro }, Ct);
        var gepaLocal = await Gepa().CompileAsync(rag.Program, trainset, valset, Ct);
        var gepaOther = await Gepa().CompileAsync(rag.Program, trainset, valset with { Executor = gepa }, Ct);

        Assert.True(copro.Works > 1 && gepa.Works > 1, $"COPRO made {copro.Works} and GEPA {gepa.Works} executor calls");
        Assert.Equal(coproLocal.State.ToJson(), coproOther.State.ToJson());
        Assert.Equal(gepaLocal.State.ToJson(), gepaOther.State.ToJson());
        Assert.Equal(gepaLocal.Report.Lineage, gepaOther.Report.Lineage);
    }

    [Fact]
    public async Task An_executor_that_loses_an_example_fails_the_evaluation_and_names_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Evaluate.RunAsync(Qa, Devset(10), Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = EchoLM() }, Executor = new ReversingExecutor { Drop = 7 } }, Ct));

        Assert.Equal("ReversingExecutor finished without returning 1 of the 10 examples (first missing: 7); an executor must return a run for every example, failed or not.",
            error.Message);
    }

    [Fact]
    public async Task An_executor_that_returns_an_example_twice_fails_the_evaluation_and_the_compile()
    {
        var settings = new LMSettings { Client = EchoLM() };
        var evaluation = await Assert.ThrowsAsync<InvalidOperationException>(() => Evaluate.RunAsync(Qa, Devset(10), Metrics.ExactMatch,
            new EvaluateOptions { Settings = settings, Executor = new ReversingExecutor { Repeat = 4 } }, Ct));
        var compile = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 2, MaxLabeledDemos = 0, Settings = settings })
                .CompileAsync(Qa, Devset(6), new CompileOptions<Example, Prediction> { Executor = new ReversingExecutor { Repeat = 0 } }, Ct));

        Assert.Equal("ReversingExecutor returned example 4 twice; an executor must return each example once.", evaluation.Message);
        Assert.Contains("ReversingExecutor returned example 0 out of range or twice", compile.Message);
    }

    [Fact]
    public async Task Failures_keep_their_stage_type_and_message_and_runs_keep_their_trace()
    {
        var work = new ExampleWork<Example, Prediction>
        {
            Program = Qa, Examples = Devset(4), Metric = Metrics.FromResult("picky", c => c.Example.GetText("question") == "q2" ? throw new FormatException("no q2") : MetricResult.Pass),
            ToInput = e => e.GetText("question") == "q1" ? throw new ArgumentException("no input for q1") : e.Inputs(),
            Settings = new LMSettings { Client = EchoLM(q => q == "q3") }, KeepHistory = true,
        };

        var runs = new List<ExampleRun<Prediction>>();
        await foreach (var run in InProcessExecutor.Instance.RunAsync(work, Ct)) runs.Add(run);
        var byIndex = runs.OrderBy(r => r.Index).ToArray();

        Assert.Equal([0, 1, 2, 3], byIndex.Select(r => r.Index));
        Assert.Equal((MetricResult.Pass, (ExampleError?)null, "A(q0)"), (byIndex[0].Score, byIndex[0].Error, byIndex[0].Prediction!.GetText("answer")));
        Assert.Equal(new ExampleError(ExampleErrorStage.Input, "ArgumentException", "no input for q1"), byIndex[1].Error);
        Assert.Equal(new ExampleError(ExampleErrorStage.Metric, "FormatException", "no q2"), byIndex[2].Error);
        Assert.Equal("A(q2)", byIndex[2].Prediction!.GetText("answer"));
        Assert.Equal(new ExampleError(ExampleErrorStage.Program, "InvalidOperationException", "The LM refused 'q3'."), byIndex[3].Error);
        Assert.Single(byIndex[3].Calls);
        Assert.Equal(1, byIndex[3].Usage.LMCalls);
        Assert.Equal(["qa"], byIndex[0].Trace.Select(t => t.Name));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_caller_that_stops_reading_stops_the_examples_not_yet_started()
    {
        var lm = EchoLM();
        var work = new ExampleWork<Example, Prediction>
        {
            Program = Qa, Examples = Devset(50), Metric = Metrics.ExactMatch, ToInput = e => e.Inputs(),
            Settings = new LMSettings { Client = lm }, Concurrency = 2,
        };

        await foreach (var _ in InProcessExecutor.Instance.RunAsync(work, TestContext.Current.CancellationToken)) break;

        // The first run was taken; at most the other worker's example and one more each had started.
        Assert.InRange(lm.CallCount, 1, 4);
    }
}
