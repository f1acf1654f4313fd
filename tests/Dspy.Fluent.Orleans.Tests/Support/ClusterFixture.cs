using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Dspy.Fluent.Orleans.Tests;

/// <summary>
/// Three silos in this process, each with Hosting's LM pipeline over the shared <see cref="Endpoint"/> (16 calls in
/// flight per silo), the program <see cref="Rag.Name"/> and the exact-match metric. No LM cache: a cache hit would
/// change what an evaluation reports, and the results must equal an in-process run's.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public Endpoint Endpoint { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IClusterClient Client => Cluster.Client;

    /// <summary>An executor for <see cref="Rag.Name"/> that notices a dead silo within a second.</summary>
    public OrleansExecutor Executor(OrleansExecutorOptions? options = null, string program = Rag.Name) =>
        new(Client, program, (options ?? new OrleansExecutorOptions()) with { LivenessCheckInterval = TimeSpan.FromSeconds(1) });

    /// <summary>The silos' LM cache configuration (Dspy:Cache); none by default.</summary>
    protected virtual void ConfigureCache(DspyCacheOptions cache) => cache.Kind = "none";

    public virtual async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        // TestingHost writes a log file per silo and client into ./logs by default, i.e. into the repository when the
        // test app runs from its root; what a failing test needs is in its own assertions and diagnostic messages.
        builder.Options.ConfigureFileLogging = false;
        // The client reaches the cluster through the first silo only, so killing another one never takes a gateway down
        // with it (calls routed through a dead gateway fail as well, which a test counting failed batches would see).
        builder.Options.GatewayPerSilo = false;
        builder.ConfigureSilo((silo, siloBuilder) =>
        {
            siloBuilder.Services.AddChatClient(_ => Endpoint.For(silo.SiloName));
            siloBuilder.Services.AddDspy()
                .Configure(o =>
                {
                    o.Concurrency = 16;
                    o.Logging = false;
                    o.Telemetry = false;
                    ConfigureCache(o.Cache);
                })
                .AddProgram(Rag.Name, _ => Rag.Create());
            siloBuilder.AddDspyWorkers(workers => workers.AddMetric(Metrics.ExactMatch));
            // A killed silo is declared dead within seconds, so its callers learn of it quickly.
            siloBuilder.Services.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same cluster with a shared Redis LM cache: a batch re-run on another silo finds the calls the dead one finished.</summary>
public sealed class RedisClusterFixture : ClusterFixture
{
    private readonly Dspy.Fluent.Tests.RedisServerFixture _redis = new();
    private readonly string _instance = $"dspy-orleans-tests-{Guid.NewGuid():N}:";

    public string? SkipReason => _redis.SkipReason;

    protected override void ConfigureCache(DspyCacheOptions cache)
    {
        cache.Kind = "redis";
        cache.Configuration = _redis.Configuration;
        cache.InstanceName = _instance; // one cache for all silos
    }

    public override async ValueTask InitializeAsync()
    {
        await _redis.InitializeAsync();
        if (_redis.SkipReason is null) await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
