using System.Diagnostics;
using System.Globalization;
using Dspy.Fluent.Loopback;
using Dspy.Fluent.Orleans;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Dspy.Fluent;

/// <summary>
/// <c>scaleout</c>: the issue-17 workload. N examples of a retrieve-then-answer program (one LM call each), every
/// call L ms at a loopback endpoint; in process at C calls in flight against one endpoint, then on 1, 2 and 3 silos
/// (Orleans' in-process test cluster), each silo with its own endpoint and Hosting's limit of C in flight. Reports
/// examples/s, the speed-up, the wall-time cost per example against the in-process executor, the CPU cost of
/// distribution per example measured with an instant LM (no endpoint, no latency), and the bytes shipped per example.
/// </summary>
internal static class ScaleOutBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = ScaleOutOptions.Parse(args);
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = o.Examples });
        using var retriever = Bm25Retriever.Build(world.Corpus);
        var examples = world.ToExamples();
        var warmUp = examples.Take(Math.Min(48, examples.Count)).ToList();
        Program<Example, Prediction> Program() => RagProgram(retriever);
        Console.WriteLine($"scale-out: {examples.Count} examples, {o.LatencyMs} ms per LM call, {o.Concurrency} calls in flight per node");

        await using var single = await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { Latency = TimeSpan.FromMilliseconds(o.LatencyMs) });
        using var http = LMSpec.Connect($"openai:{SimulatedLM.DefaultModel}@{single.BaseUrl}");
        var inProcess = await TimeAsync(async set => await Evaluate.RunAsync(Program(), set, Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = http }, Concurrency = o.Concurrency, MaxErrors = null, KeepHistory = false }), warmUp, examples);
        var rows = new List<(string What, double Seconds, double PerSecond)> { ("in process (InProcessExecutor)", inProcess.Seconds, examples.Count / inProcess.Seconds) };

        long sent = 0, received = 0;
        for (var silos = 1; silos <= 3; silos++)
        {
            var endpoints = new List<LoopbackServer>();
            for (var i = 0; i < silos; i++)
                endpoints.Add(await LoopbackServer.StartAsync(new SimulatedLM(), new LoopbackServerOptions { Latency = TimeSpan.FromMilliseconds(o.LatencyMs) }));
            try
            {
                await using var cluster = await ClusterAsync(silos, o.Concurrency, retriever, i => LMSpec.Connect($"openai:{SimulatedLM.DefaultModel}@{endpoints[i].BaseUrl}"));
                var executor = new OrleansExecutor(cluster.Client, "rag");
                var run = await TimeAsync(async set => await Evaluate.RunAsync(Program(), set, Metrics.ExactMatch,
                    new EvaluateOptions { Settings = new LMSettings { Client = http }, MaxErrors = null, KeepHistory = false, Executor = executor }), warmUp, examples);
                if (run.Result.Score != inProcess.Result.Score || run.Result.Rows.Count != examples.Count)
                    throw new InvalidOperationException($"{silos} silo(s) scored {run.Result.Score} on {run.Result.Rows.Count} rows; in process {inProcess.Result.Score}.");
                rows.Add(($"{silos} silo(s) (OrleansExecutor)", run.Seconds, examples.Count / run.Seconds));
                if (silos == 1) (sent, received) = (executor.BytesSent, executor.BytesReceived);
                var perSilo = string.Join(", ", endpoints.Select(e => e.Stats.Requests));
                Console.WriteLine($"  {silos} silo(s): LM requests per endpoint {perSilo}; at most {endpoints.Max(e => e.Stats.MaxInFlight)} in flight at one");
            }
            finally
            {
                foreach (var e in endpoints) await e.DisposeAsync();
            }
        }

        // Distribution's own cost: an instant LM in every node, so the wall time is the framework's CPU.
        var instant = await TimeAsync(async set => await Evaluate.RunAsync(Program(), set, Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = new SimulatedLM() }, Concurrency = o.Concurrency, MaxErrors = null, KeepHistory = false }), warmUp, examples);
        double clusteredInstant;
        await using (var cluster = await ClusterAsync(1, o.Concurrency, retriever, _ => new SimulatedLM()))
        {
            var executor = new OrleansExecutor(cluster.Client, "rag");
            clusteredInstant = (await TimeAsync(async set => await Evaluate.RunAsync(Program(), set, Metrics.ExactMatch,
                new EvaluateOptions { Settings = new LMSettings { Client = new SimulatedLM() }, MaxErrors = null, KeepHistory = false, Executor = executor }), warmUp, examples)).Seconds;
        }

        var ideal = inProcess.Result.Usage.LMCalls * o.LatencyMs / 1000.0 / o.Concurrency;
        Console.WriteLine();
        Console.WriteLine($"| run | wall time | examples/s | vs in process | ideal wall time (calls × L ÷ (nodes × C)) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < rows.Count; i++)
        {
            var nodes = Math.Max(1, i);
            Console.WriteLine(Invariant($"| {rows[i].What} | {rows[i].Seconds:0.00} s | {rows[i].PerSecond:0.0} | {rows[i].PerSecond / rows[0].PerSecond:0.00}× | {ideal / nodes:0.00} s |"));
        }
        Console.WriteLine();
        Console.WriteLine(Invariant($"3 silos vs 1 silo: {rows[3].PerSecond / rows[1].PerSecond:0.00}×"));
        Console.WriteLine(Invariant($"wall time per example, 1 silo vs in process (L = {o.LatencyMs} ms, C = {o.Concurrency}): {(rows[1].Seconds - rows[0].Seconds) * 1000 / examples.Count:+0.000;-0.000} ms"));
        Console.WriteLine(Invariant($"distribution CPU per example (instant LM, 1 silo vs in process): {(clusteredInstant - instant.Seconds) * 1000 / examples.Count:+0.000;-0.000} ms ({clusteredInstant:0.00} s vs {instant.Seconds:0.00} s for {examples.Count})"));
        Console.WriteLine(Invariant($"shipped per example: {sent / (double)(examples.Count + warmUp.Count):0} bytes out, {received / (double)(examples.Count + warmUp.Count):0} bytes back (no LM calls kept)"));
        return 0;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="run"/> on the warm-up set (JIT, connections, grain activations), then times it on all examples.</summary>
    private static async Task<(double Seconds, EvaluationResult Result)> TimeAsync(Func<IReadOnlyList<Example>, Task<EvaluationResult>> run,
        IReadOnlyList<Example> warmUp, IReadOnlyList<Example> examples)
    {
        await run(warmUp);
        var watch = Stopwatch.StartNew();
        var result = await run(examples);
        return (watch.Elapsed.TotalSeconds, result);
    }

    private static Program<Example, Prediction> RagProgram(IRetriever retriever)
    {
        var answer = Predict.ChainOfThought("generate_answer", "context: list[str], question -> answer");
        return
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
    }

    /// <summary>A cluster of <paramref name="silos"/> silos in this process, silo i talking to <paramref name="lm"/>(i) with at most <paramref name="concurrency"/> calls in flight.</summary>
    private static async Task<InProcessTestCluster> ClusterAsync(int silos, int concurrency, IRetriever retriever, Func<int, IChatClient> lm)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false; // TestingHost would write ./logs/*.log wherever the benchmark is started
        var next = -1;
        builder.ConfigureSilo((_, silo) =>
        {
            var client = lm(Interlocked.Increment(ref next));
            silo.Services.AddChatClient(client);
            silo.Services.AddDspy()
                .Configure(d => (d.Concurrency, d.Cache.Kind, d.Logging, d.Telemetry) = (concurrency, "none", false, false))
                .AddProgram("rag", _ => RagProgram(retriever));
            silo.AddDspyWorkers(w => w.AddMetric(Metrics.ExactMatch));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed record ScaleOutOptions(int Examples = 1000, int LatencyMs = 50, int Concurrency = 16)
    {
        public static ScaleOutOptions Parse(string[] args)
        {
            var o = new ScaleOutOptions();
            for (var i = 0; i < args.Length; i++)
            {
                int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
                o = args[i] switch
                {
                    "--quick" => o with { Examples = 200 },
                    "--examples" => o with { Examples = Next() },
                    "--latency-ms" => o with { LatencyMs = Next() },
                    "--concurrency" => o with { Concurrency = Next() },
                    _ => throw new ArgumentException($"Unknown option {args[i]}; use --quick, --examples N, --latency-ms L, --concurrency C."),
                };
            }
            return o;
        }
    }
}
