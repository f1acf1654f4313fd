using System.Diagnostics;

namespace Dspy.Fluent;

/// <summary>The HTTP workloads: evaluation and BootstrapFewShot compiles on the capitals data.</summary>
internal sealed class Workloads(LMSettings settings, ServerStats stats, double latency)
{
    private static readonly Example WarmUp = Example.Create("question", Capitals.Question(999_999)).WithInputs("question");

    /// <summary>
    /// Untimed: 2 × <paramref name="concurrency"/> runs at that concurrency on questions outside the data, so the timed run
    /// sees JIT-compiled code and open connections. The peers' scripts make one untimed call; a .NET process compiles its
    /// hot paths during the first few hundred calls, which is a start-up cost (measured on its own by the start→first
    /// prediction rows), not a per-call one.
    /// </summary>
    private async Task WarmUpAsync(Program<Example, Prediction> program, int concurrency)
    {
        await program.RunAsync(WarmUp, settings);
        await Evaluate.RunAsync(program, Capitals.Examples(2 * concurrency, offset: 1_000_000), StrictAnswerMatch.Instance,
            new EvaluateOptions { Concurrency = concurrency, Settings = settings, MaxErrors = null });
    }

    /// <summary>
    /// Untimed: runs both programs at concurrency 32 in rounds until a round JIT-compiles fewer than 25 methods (at most
    /// <paramref name="maxSeconds"/>), then one compile of each, so the steady-state rows measure compiled code. Returns the seconds it took.
    /// </summary>
    public async Task<double> SettleAsync(double maxSeconds)
    {
        var clock = Stopwatch.StartNew();
        var offset = 2_000_000;
        for (var round = 0; clock.Elapsed.TotalSeconds < maxSeconds; round++)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            foreach (var name in new[] { "cot", "two_step" })
            {
                await Evaluate.RunAsync(Capitals.Named(name), Capitals.Examples(96, offset), StrictAnswerMatch.Instance,
                    new EvaluateOptions { Concurrency = 32, Settings = settings, MaxErrors = null });
                offset += 96;
            }
            if (round >= 2 && System.Runtime.JitInfo.GetCompiledMethodCount() - before < 25) break;
        }
        // The optimizer's own code paths too, on a trainset outside the data.
        foreach (var name in new[] { "cot", "two_step" })
            await new BootstrapFewShot(StrictAnswerMatch.Instance, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 4, Settings = settings })
                .CompileAsync(Capitals.Named(name), Capitals.Examples(20, 3_000_000));
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>CPU time of this process (client, and the server when it runs in-process), in seconds.</summary>
    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>DSPy's <c>--mode eval</c>: <c>Evaluate</c> over examples 0…n−1 at concurrency c (DSPy's <c>num_threads</c>).</summary>
    public async Task<E2ERow> EvaluateAsync(string programName, int n, int concurrency, bool cold = false)
    {
        var program = Capitals.Named(programName);
        var devset = Capitals.Examples(n);
        if (cold) await program.RunAsync(WarmUp, settings); // exactly the peers' warm-up: one untimed call
        else await WarmUpAsync(program, concurrency);
        var before = await stats.ReadAsync();
        var cpu = CpuSeconds();
        var clock = Stopwatch.StartNew();
        var result = await Evaluate.RunAsync(program, devset, StrictAnswerMatch.Instance,
            new EvaluateOptions { Concurrency = concurrency, Settings = settings, MaxErrors = null });
        var wall = clock.Elapsed.TotalSeconds;
        cpu = CpuSeconds() - cpu;
        var after = await stats.ReadAsync();
        var calls = result.Usage.LMCalls;
        return new E2ERow
        {
            Workload = cold ? "eval, fresh process" : "eval", Program = programName, N = n, Concurrency = concurrency, LatencyMs = latency * 1000, WallS = wall,
            LimitS = calls * latency / concurrency, FloorS = Math.Ceiling((double)n / concurrency) * Capitals.StepsOf(programName) * latency,
            LMCalls = calls,
            ServerRequests = after?.Requests - before?.Requests, ServerMaxInFlight = after?.MaxInFlight,
            Evaluated = result.Rows.Count, Expected = n, Correct = result.Rows.Count(r => r.Score >= 1), Errors = result.ErrorCount,
            PeakWorkingSetMB = EndToEnd.PeakWorkingSetMB(), CpuS = cpu,
        };
    }

    /// <summary>
    /// DSPy's <c>--mode compile</c>: BootstrapFewShot with 4 bootstrapped and 4 labeled demos on the first <paramref name="train"/>
    /// examples, <paramref name="concurrency"/> teacher runs at a time. With <paramref name="passEvery"/> &gt; 0 the metric
    /// accepts one example in that many, so the bootstrap has to run deep into the trainset.
    /// </summary>
    public async Task<E2ERow> CompileAsync(string programName, int train, int concurrency, int passEvery)
    {
        var program = Capitals.Named(programName);
        var trainset = Capitals.Examples(train);
        IMetric metric = passEvery > 0 ? new RarelyPassing(passEvery) : StrictAnswerMatch.Instance;
        var optimizer = new BootstrapFewShot(metric, new BootstrapFewShotOptions
        {
            MaxBootstrappedDemos = 4, MaxLabeledDemos = 4, Concurrency = concurrency, Settings = settings,
        });
        await WarmUpAsync(program, concurrency);
        var before = await stats.ReadAsync();
        var cpu = CpuSeconds();
        var clock = Stopwatch.StartNew();
        var compiled = await optimizer.CompileAsync(program, trainset);
        var wall = clock.Elapsed.TotalSeconds;
        cpu = CpuSeconds() - cpu;
        var after = await stats.ReadAsync();
        var requests = after?.Requests - before?.Requests;
        // Runs started beyond the demos needed are cancelled; the server still counts those that reached it, and
        // that is what an LM would bill, so the limit uses the larger count.
        var calls = Math.Max(compiled.Report.LMCalls, requests ?? 0);
        var steps = Capitals.StepsOf(programName);
        var demos = compiled.State.Predictors.Values.Select(s => s.Demos.Count).ToArray();
        var bootstrapped = compiled.State.Predictors.Values.Sum(s => s.Demos.Count(d => d.ContainsKey(PredictorState.AugmentedKey)));
        return new E2ERow
        {
            Workload = passEvery > 0 ? $"compile (1 in {passEvery} passes)" : "compile", Program = programName, N = train,
            Concurrency = concurrency, LatencyMs = latency * 1000, WallS = wall,
            LimitS = Math.Max(calls * latency / concurrency, steps * latency), LMCalls = calls,
            ServerRequests = requests, ServerMaxInFlight = after?.MaxInFlight,
            // "Done" for a compile: bootstrapped demos against the 4 per predictor asked for.
            Evaluated = bootstrapped, Expected = 4 * steps, Correct = compiled.Report.Trials.Count(t => t.Accepted),
            PeakWorkingSetMB = EndToEnd.PeakWorkingSetMB(), CpuS = cpu,
            Note = $"demos per predictor [{string.Join(", ", demos)}], {bootstrapped} bootstrapped",
        };
    }
}
