using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dspy.Fluent.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Dspy.Fluent.Examples.ScaleOut;

/// <summary>
/// Starts redis-server and the silo processes one at a time; after each joins, evaluates the main job's Baleen over
/// the cluster and prints examples/s for 1, 2 and 3 silos. Every run must give the in-process rows; any difference,
/// missing row or failed process is a non-zero exit.
/// </summary>
internal static class Coordinator
{
    public static async Task<int> RunAsync(CoordinatorOptions o)
    {
        using var job = await ScaleOutJob.LoadAsync(o.Dev);
        Console.WriteLine($"Scale-out: {job.Data.Dev.Count} dev questions of the main job (Baleen, uncompiled), {o.Silos} silo processes, " +
                          $"each with its own loopback LM endpoint ({o.LatencyMs} ms per call) and at most {o.Concurrency} calls in flight.");
        // The reference: the same evaluation in this process on the simulated LM itself (no endpoint, no latency).
        var local = await Evaluate.RunAsync(job.Program(), job.Data.Dev, ScaleOutJob.Input, Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = new SimulatedLM() }, MaxErrors = null });

        await using var redis = await RedisServer.StartAsync();
        var clusterId = $"scale-out-{Environment.ProcessId}";
        var silos = new List<Process>();
        try
        {
            var rows = new List<(int Silos, double Seconds, double PerSecond)>();
            IHost? client = null;
            try
            {
                for (var n = 1; n <= o.Silos; n++)
                {
                    silos.Add(await StartSiloAsync(new SiloArguments(n, redis.Configuration, clusterId, FreePort(), FreePort(), o.LatencyMs, o.Concurrency, o.Dev)));
                    client ??= await ConnectAsync(redis.Configuration, clusterId);
                    var cluster = client.Services.GetRequiredService<IClusterClient>();
                    await WaitForSilosAsync(cluster, n);
                    var executor = new OrleansExecutor(cluster, ScaleOutJob.ProgramName, new OrleansExecutorOptions { BatchSize = 8, BatchesInFlightPerSilo = 4 });
                    var watch = Stopwatch.StartNew();
                    var result = await Evaluate.RunAsync(job.Program(), job.Data.Dev, ScaleOutJob.Input, Metrics.ExactMatch,
                        new EvaluateOptions { Settings = new LMSettings { Client = new SimulatedLM() }, MaxErrors = null, Executor = executor });
                    watch.Stop();
                    if (Difference(local, result) is { } difference)
                    {
                        Console.Error.WriteLine($"The {n}-silo run differs from the in-process one: {difference}");
                        return 1;
                    }
                    rows.Add((n, watch.Elapsed.TotalSeconds, result.Rows.Count / watch.Elapsed.TotalSeconds));
                }
            }
            finally
            {
                if (client is not null)
                {
                    await client.StopAsync();
                    client.Dispose();
                }
            }
            Console.WriteLine();
            Console.WriteLine($"| silos | examples | wall time | examples/s | vs 1 silo | ideal (calls × {o.LatencyMs} ms ÷ (silos × {o.Concurrency})) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            var calls = local.Usage.LMCalls;
            foreach (var (n, seconds, perSecond) in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {n} | {job.Data.Dev.Count} | {seconds:0.00} s | {perSecond:0.0} | {perSecond / rows[0].PerSecond:0.00}× | {calls * o.LatencyMs / 1000.0 / (n * o.Concurrency):0.00} s |"));
            Console.WriteLine();
            Console.WriteLine($"Every run equals the in-process evaluation row for row (exact match {local.Score:P1} on the simulated LM; {calls} LM calls per run).");
            return 0;
        }
        finally
        {
            await StopSilosAsync(silos);
        }
    }

    private static string? Difference(EvaluationResult local, EvaluationResult clustered)
    {
        if (clustered.Rows.Count != local.Rows.Count) return $"{clustered.Rows.Count} rows instead of {local.Rows.Count}";
        for (var i = 0; i < local.Rows.Count; i++)
        {
            var (a, b) = (local.Rows[i], clustered.Rows[i]);
            if (a.Score != b.Score || a.Error != b.Error || a.Prediction?.GetText("answer") != b.Prediction?.GetText("answer"))
                return $"row {i}: in process {a.Score} '{a.Prediction?.GetText("answer")}' {a.Error}, clustered {b.Score} '{b.Prediction?.GetText("answer")}' {b.Error}";
        }
        return null;
    }

    private static async Task<Process> StartSiloAsync(SiloArguments silo)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // Run as `dotnet ScaleOut.dll` when this process was (Environment.ProcessPath is then dotnet itself).
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(Coordinator).Assembly.Location);
        foreach (var arg in silo.ToArgs()) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"silo-{silo.Number} did not start.");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[silo-{silo.Number}] {e.Data}"); };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
            if (line.StartsWith("READY", StringComparison.Ordinal)) break;
        if (line is null) throw new InvalidOperationException($"silo-{silo.Number} exited before joining the cluster (exit code {(process.HasExited ? process.ExitCode : -1)}).");
        Console.WriteLine($"silo-{silo.Number} joined (silo port {silo.SiloPort}, gateway {silo.GatewayPort}); its LM endpoint: {line.Split(' ')[2]}");
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } more) Console.WriteLine($"[silo-{silo.Number}] {more}");
        });
        return process;
    }

    private static async Task<IHost> ConnectAsync(string redis, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(c => c.UseRedisClustering(redis).Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "dspy-scale-out")));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Waits until the membership lists <paramref name="count"/> active silos (a silo is READY before every member has seen it).</summary>
    private static async Task WaitForSilosAsync(IClusterClient client, int count)
    {
        var deadline = Stopwatch.StartNew();
        while ((await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count < count)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"The cluster did not reach {count} active silos within 60 s.");
            await Task.Delay(100);
        }
    }

    private static async Task StopSilosAsync(List<Process> silos)
    {
        foreach (var silo in silos) silo.StandardInput.Close(); // a silo stops when its input ends
        foreach (var silo in silos)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await silo.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                silo.Kill(entireProcessTree: true);
            }
            silo.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The coordinator's options: <c>--silos 3 --dev 300 --latency-ms 50 --concurrency 16</c>.</summary>
internal sealed record CoordinatorOptions(int Silos = 3, int Dev = 300, int LatencyMs = 50, int Concurrency = 16)
{
    public static CoordinatorOptions Parse(string[] args)
    {
        var o = new CoordinatorOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : throw new ArgumentException($"{args[i]} needs a value.");
            o = args[i] switch
            {
                "--silos" => o with { Silos = value },
                "--dev" => o with { Dev = value },
                "--latency-ms" => o with { LatencyMs = value },
                "--concurrency" => o with { Concurrency = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --silos, --dev, --latency-ms, --concurrency."),
            };
        }
        return o;
    }
}
