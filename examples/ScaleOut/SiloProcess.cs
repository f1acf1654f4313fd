using System.Net;
using Dspy.Fluent.Loopback;
using Dspy.Fluent.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Dspy.Fluent.Examples.ScaleOut;

/// <summary>
/// One silo process: its own loopback LM endpoint (the simulated LM behind HTTP with a fixed latency), Hosting's LM
/// pipeline over it with a concurrency cap, the Baleen program registered by name, Redis clustering on loopback ports.
/// It prints READY once it has joined, and stops when its standard input closes (the coordinator went away).
/// </summary>
internal static class SiloProcess
{
    public static async Task<int> RunAsync(SiloArguments a)
    {
        await using var endpoint = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { Latency = TimeSpan.FromMilliseconds(a.LatencyMs) });
        using var job = await ScaleOutJob.LoadAsync(a.Dev);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDspy()
            .Configure(o =>
            {
                o.Lm = $"openai:{SimulatedLM.DefaultModel}@{endpoint.BaseUrl}";
                o.Concurrency = a.Concurrency;
                o.Cache.Kind = "none"; // every run measures the LM, not a cache
                o.Logging = false;
                o.Telemetry = false;
            })
            .AddProgram(ScaleOutJob.ProgramName, _ => job.Program());
        builder.UseOrleans(silo => silo
            .UseRedisClustering(a.Redis)
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (a.ClusterId, "dspy-scale-out"))
            .Configure<SiloOptions>(o => o.SiloName = $"silo-{a.Number}")
            .ConfigureEndpoints(IPAddress.Loopback, a.SiloPort, a.GatewayPort)
            .AddDspyWorkers(workers => workers.AddMetric(Metrics.ExactMatch)));
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine($"READY silo-{a.Number} {endpoint.BaseUrl}");
        while (await Console.In.ReadLineAsync() is not null)
        {
            // The coordinator writes nothing; end of input is the signal to stop.
        }
        await host.StopAsync();
        Console.WriteLine($"silo-{a.Number}: {endpoint.Stats.Requests} LM requests, at most {endpoint.Stats.MaxInFlight} in flight");
        return 0;
    }
}

/// <summary>A silo's command line: <c>silo NUMBER REDIS CLUSTER_ID SILO_PORT GATEWAY_PORT LATENCY_MS CONCURRENCY DEV</c>.</summary>
internal sealed record SiloArguments(int Number, string Redis, string ClusterId, int SiloPort, int GatewayPort, int LatencyMs, int Concurrency, int Dev)
{
    public static SiloArguments Parse(string[] args) => new(int.Parse(args[1]), args[2], args[3], int.Parse(args[4]), int.Parse(args[5]),
        int.Parse(args[6]), int.Parse(args[7]), int.Parse(args[8]));

    public IEnumerable<string> ToArgs() =>
        ["silo", $"{Number}", Redis, ClusterId, $"{SiloPort}", $"{GatewayPort}", $"{LatencyMs}", $"{Concurrency}", $"{Dev}"];
}
