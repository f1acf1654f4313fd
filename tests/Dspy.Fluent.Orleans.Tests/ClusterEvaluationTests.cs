namespace Dspy.Fluent.Orleans.Tests;

/// <summary>
/// Evaluation and compiles over a 3-silo cluster give what they give in process, cancellation reaches the silos, and a
/// silo that cannot run the work says so loudly.
/// </summary>
public sealed class ClusterEvaluationTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OrleansExecutor Executor(string program = Rag.Name) => cluster.Executor(new OrleansExecutorOptions { BatchSize = 16 }, program);

    [Fact]
    public async Task An_evaluation_of_300_examples_over_3_silos_equals_the_in_process_one()
    {
        var before = cluster.Endpoint.Total;
        var bySiloBefore = cluster.Endpoint.BySilo;
        var local = await Evaluate.RunAsync(Rag.Create(), Rag.Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = Rag.Settings(), KeepHistory = true }, Ct);
        var executor = Executor();
        var clustered = await Evaluate.RunAsync(Rag.Create(), Rag.Dev, Metrics.ExactMatch,
            new EvaluateOptions { Settings = Rag.Settings(), KeepHistory = true, Executor = executor }, Ct);
        var made = cluster.Endpoint.Total - before;
        var noHistory = Executor();
        await Evaluate.RunAsync(Rag.Create(), Rag.Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = Rag.Settings(), KeepHistory = false, Executor = noHistory }, Ct);
        TestContext.Current.SendDiagnosticMessage(
            $"wire per example: {executor.BytesSent / 300} bytes sent, {executor.BytesReceived / 300} received with LM calls kept, " +
            $"{noHistory.BytesReceived / 300} without; {executor.BatchesRun} batches");

        Assert.Equal(300, clustered.Rows.Count);
        Assert.Equal(local.WithoutTimings(), clustered.WithoutTimings());
        Assert.Equal(local.Usage.LMCalls, made); // every LM call was made on a silo
        Assert.All(cluster.Cluster.Silos, silo => Assert.True(cluster.Endpoint.BySilo.GetValueOrDefault(silo.Name) > bySiloBefore.GetValueOrDefault(silo.Name),
            $"silo {silo.Name} ran none of the batches"));
        Assert.InRange(local.Score, 0.01, 0.99);
    }

    [Fact]
    public async Task BootstrapFewShot_compiled_over_the_cluster_saves_the_same_json_as_in_process()
    {
        BootstrapFewShot Optimizer() => new(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 2, Settings = Rag.Settings() });

        var local = await Optimizer().CompileAsync(Rag.Create(), Rag.Train, Ct);
        var clustered = await Optimizer().CompileAsync(Rag.Create(), Rag.Train, new CompileOptions<Example, Prediction> { Executor = Executor() }, Ct);

        Assert.Equal(await SavedAsync(local.Program), await SavedAsync(clustered.Program));
        // The trials are the teacher runs the compile used, in order; how many more were in flight when it had enough
        // demos (and so the report's LM-call count) depends on timing, here as with more in-process concurrency.
        Assert.Equal(local.Report.Trials, clustered.Report.Trials);
        Assert.NotEmpty(clustered.State.Find("generate_answer")!.Demos);
    }

    [Fact]
    public async Task COPRO_compiled_over_the_cluster_saves_the_same_json_as_in_process()
    {
        COPRO Optimizer() => new(Metrics.ExactMatch, new COPROOptions { Breadth = 3, Depth = 1, Seed = 1, Settings = Rag.Settings() });
        var trainset = Rag.Train.Take(24).ToList();

        var local = await Optimizer().CompileAsync(Rag.Create(), trainset, Ct);
        var before = cluster.Endpoint.Total;
        var clustered = await Optimizer().CompileAsync(Rag.Create(), trainset, new CompileOptions<Example, Prediction> { Executor = Executor() }, Ct);

        Assert.Equal(await SavedAsync(local.Program), await SavedAsync(clustered.Program));
        Assert.Equal(local.Report.Trials, clustered.Report.Trials);
        Assert.Equal(local.Report.LMCalls - local.Report.ProposerLMCalls, cluster.Endpoint.Total - before); // every candidate ran on the silos
    }

    [Fact(Timeout = 120_000)]
    public async Task Cancelling_the_client_cancels_the_LM_calls_running_on_the_silos()
    {
        var held = 0;
        var cancelled = 0;
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var changed = new SemaphoreSlim(0); // not disposed: a late request may still release it after the test ends
        cluster.Endpoint.Hold = async (_, token) =>
        {
            if (Interlocked.Increment(ref held) >= 6) holding.TrySetResult();
            changed.Release();
            try
            {
                await Task.Delay(Timeout.Infinite, token); // held until the request is cancelled
            }
            finally
            {
                Interlocked.Increment(ref cancelled);
                changed.Release();
            }
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        try
        {
            var evaluation = Evaluate.RunAsync(Rag.Create(), Rag.Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = Rag.Settings(), Executor = Executor() }, stop.Token);
            await holding.Task.WaitAsync(Ct);

            await stop.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluation);
            // Silos may still start a call or two after the client gave up (the cancellation reaches them
            // asynchronously); each must be cancelled too. Wait on the counters, re-checked at every change, until every
            // request held so far has ended cancelled: one that never is keeps the test waiting until its time limit.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            while (Volatile.Read(ref cancelled) != Volatile.Read(ref held)) await changed.WaitAsync(limit.Token);
            Assert.True(Volatile.Read(ref held) >= 6);
        }
        finally
        {
            cluster.Endpoint.Hold = null;
        }
    }

    [Fact]
    public async Task A_program_no_silo_registered_is_an_error_naming_the_silo_and_how_to_register_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Evaluate.RunAsync(Rag.Create(), Rag.Dev.Take(5).ToList(), Metrics.ExactMatch,
            new EvaluateOptions { Settings = Rag.Settings(), Executor = Executor("missing") }, Ct));

        Assert.Matches(@"^Silo '[^']+' \(S?[0-9.:@]+\) has no Dspy program named 'missing' \(registered: 'rag'\); register it with services\.AddDspy\(\)\.AddProgram\(""missing"", build\) on every silo\.$",
            error.Message);
    }

    [Fact]
    public async Task A_metric_no_silo_registered_is_an_error_naming_the_silo_and_how_to_register_it()
    {
        var lenient = Metrics.FromResult("lenient", _ => MetricResult.Pass);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Evaluate.RunAsync(Rag.Create(), Rag.Dev.Take(5).ToList(), lenient,
            new EvaluateOptions { Settings = Rag.Settings(), Executor = Executor() }, Ct));

        Assert.Matches(@"^Silo '[^']+' \(.+\) has no metric named 'lenient' \(registered: 'exact_match'\); register it on every silo with siloBuilder\.AddDspyWorkers\(workers => workers\.AddMetric\(metric\)\)\.$",
            error.Message);
    }

    [Fact]
    public async Task A_silo_running_another_build_of_the_program_fails_the_run_naming_the_predictor()
    {
        var otherBuild = Rag.Create("context: list[str], question -> answer, confidence: float");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Evaluate.RunAsync(otherBuild, Rag.Dev.Take(5).ToList(), Metrics.ExactMatch,
            new EvaluateOptions { Settings = Rag.Settings(), Executor = Executor() }, Ct));

        Assert.Contains("runs a different build of the Dspy program 'rag' than the client: predictor 'generate_answer' has another signature or configuration here", error.Message);
    }

    private static async Task<byte[]> SavedAsync(Program<Example, Prediction> program)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dspy-orleans-{Guid.NewGuid():N}.json");
        try
        {
            await program.SaveAsync(path, Ct);
            return await File.ReadAllBytesAsync(path, Ct);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
