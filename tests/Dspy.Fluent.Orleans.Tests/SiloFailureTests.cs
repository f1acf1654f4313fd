namespace Dspy.Fluent.Orleans.Tests;

/// <summary>A silo that dies mid-run: its unfinished batches run elsewhere, and the shared Redis cache keeps the LM calls it finished.</summary>
public sealed class SiloFailureTests(RedisClusterFixture cluster) : IClassFixture<RedisClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task A_silo_killed_halfway_loses_no_row_changes_no_score_and_repeats_no_LM_call_it_had_finished()
    {
        if (cluster.SkipReason is { } reason) Assert.Skip(reason);
        var local = await Evaluate.RunAsync(Rag.Create(), Rag.Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = Rag.Settings() }, TestContext.Current.CancellationToken);
        // The victim answers its first 20 requests, then holds the rest: it dies with batches in flight that have
        // finished some examples and not others.
        var victim = cluster.Cluster.Silos[1];
        var seenByVictim = 0;
        var victimHolding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new CancellationTokenSource();
        cluster.Endpoint.Hold = async (silo, token) =>
        {
            if (silo != victim.Name || Interlocked.Increment(ref seenByVictim) <= 20) return;
            victimHolding.TrySetResult();
            using var either = CancellationTokenSource.CreateLinkedTokenSource(token, release.Token);
            await Task.Delay(Timeout.Infinite, either.Token);
        };
        try
        {
            var progress = new InlineProgress(p => { if (p.Done >= 150) halfway.TrySetResult(); });
            var executor = cluster.Executor(new OrleansExecutorOptions { BatchSize = 16 });
            var evaluation = Evaluate.RunAsync(Rag.Create(), Rag.Dev, Metrics.ExactMatch, new EvaluateOptions
            {
                Settings = Rag.Settings(), Progress = progress, Executor = executor,
            }, Ct);
            await Task.WhenAll(victimHolding.Task, halfway.Task).WaitAsync(Ct);
            var finishedOnVictim = cluster.Endpoint.AnsweredOn(victim.Name);

            await cluster.Cluster.KillSiloAsync(victim, Ct);
            await release.CancelAsync(); // the dead silo's held requests end; their replies have nowhere to go
            var killed = System.Diagnostics.Stopwatch.StartNew();
            var clustered = await evaluation;

            var repeatsOfFinished = finishedOnVictim.Count(key => cluster.Endpoint.RequestsFor(key) > 1);
            TestContext.Current.SendDiagnosticMessage(
                $"kill test: {clustered.Rows.Count} rows, {clustered.ErrorCount} failed; the victim had {finishedOnVictim.Count} LM calls finished and " +
                $"{seenByVictim - finishedOnVictim.Count} in flight when killed; endpoint requests {cluster.Endpoint.Total} for {local.Usage.LMCalls} distinct calls; " +
                $"prompts repeated: {cluster.Endpoint.Repeated} (of finished calls: {repeatsOfFinished}); cache hits {clustered.Usage.CacheHits}; the run ended {killed.Elapsed.TotalSeconds:0.0} s after the kill; " +
                $"{executor.BatchesRun} batches came back, {executor.BatchesRetried} were re-run");
            Assert.Equal(300, clustered.Rows.Count);
            Assert.Equal(local.ErrorCount, clustered.ErrorCount); // the simulated LM breaks the format on a few questions, in process too
            Assert.Equal(Scores(local), Scores(clustered));
            Assert.Equal(20, finishedOnVictim.Count);
            Assert.Equal(0, repeatsOfFinished);
            Assert.True(executor.BatchesRetried > 0, "no batch was re-run");
            Assert.True(clustered.Usage.CacheHits > 0, "the re-run batches found none of the dead silo's finished calls in the shared cache");
        }
        finally
        {
            cluster.Endpoint.Hold = null;
        }
    }

    private static (int, double, string?)[] Scores(EvaluationResult result) =>
        [.. result.Rows.Select(r => (r.Index, r.Score, r.Prediction?.GetText("answer")))];

    /// <summary>Reports on the caller's thread, as it happens (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }
}
