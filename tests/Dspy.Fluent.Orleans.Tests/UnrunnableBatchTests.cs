namespace Dspy.Fluent.Orleans.Tests;

/// <summary>A batch that no silo could run comes back as failed rows: the evaluation still has every example.</summary>
public sealed class UnrunnableBatchTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task Examples_whose_every_attempt_failed_are_rows_with_an_executor_error_not_dropped()
    {
        var local = await Evaluate.RunAsync(Rag.Create(), Rag.Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = Rag.Settings() }, TestContext.Current.CancellationToken);
        // The victim holds every request, so its one batch (16 examples) is in flight when it dies, and with one attempt
        // allowed it is not tried elsewhere.
        var victim = cluster.Cluster.Silos[2];
        var victimHolding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new CancellationTokenSource();
        cluster.Endpoint.Hold = async (silo, token) =>
        {
            if (silo != victim.Name) return;
            victimHolding.TrySetResult();
            using var either = CancellationTokenSource.CreateLinkedTokenSource(token, release.Token);
            await Task.Delay(Timeout.Infinite, either.Token);
        };
        try
        {
            var evaluation = Evaluate.RunAsync(Rag.Create(), Rag.Dev, Metrics.ExactMatch, new EvaluateOptions
            {
                Settings = Rag.Settings(), MaxErrors = null,
                Executor = cluster.Executor(new OrleansExecutorOptions { BatchSize = 16, BatchesInFlightPerSilo = 1, MaxAttempts = 1 }),
            }, Ct);
            await victimHolding.Task.WaitAsync(Ct);

            await cluster.Cluster.KillSiloAsync(victim, Ct);
            await release.CancelAsync();
            var killed = System.Diagnostics.Stopwatch.StartNew();
            var clustered = await evaluation;
            TestContext.Current.SendDiagnosticMessage($"the evaluation ended {killed.Elapsed.TotalSeconds:0.0} s after the kill");

            var unrun = clustered.Rows.Where(r => r.Error?.StartsWith("OrleansExecutorException: No silo could run the example (1 attempt(s); ", StringComparison.Ordinal) == true).ToList();
            Assert.Equal(300, clustered.Rows.Count);
            Assert.Equal(16, unrun.Count);
            Assert.All(unrun, r => Assert.Equal(0, r.Score));
            var ran = clustered.Rows.Except(unrun).Select(r => (r.Index, r.Score)).ToList();
            Assert.Equal(local.Rows.Where(r => ran.Any(x => x.Index == r.Index)).Select(r => (r.Index, r.Score)), ran);
        }
        finally
        {
            cluster.Endpoint.Hold = null;
        }
    }
}
