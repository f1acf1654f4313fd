using System.Diagnostics;

namespace Dspy.Fluent;

/// <summary>The HTTP workloads: evaluation and BootstrapFewShot compiles on the capitals data.</summary>
internal sealed class Workloads(LMSettings settings, ServerStats stats, double latency)
{
    private static readonly Example WarmUp = Example.Create("question", Capitals.Question(999_999)).WithInputs("question");

    /// <summary>DSPy's <c>--mode eval</c>: <c>Evaluate</c> over examples 0…n−1 at concurrency c (DSPy's <c>num_threads</c>).</summary>
    public async Task<E2ERow> EvaluateAsync(string programName, int n, int concurrency)
    {
        var program = Capitals.Named(programName);
        var devset = Capitals.Examples(n);
        await program.RunAsync(WarmUp, settings); // one untimed call, as the peers' scripts make: JIT, connection
        var before = await stats.ReadAsync();
        var clock = Stopwatch.StartNew();
        var result = await Evaluate.RunAsync(program, devset, StrictAnswerMatch.Instance,
            new EvaluateOptions { Concurrency = concurrency, Settings = settings, MaxErrors = null });
        var wall = clock.Elapsed.TotalSeconds;
        var after = await stats.ReadAsync();
        var calls = result.Usage.LMCalls;
        return new E2ERow
        {
            Workload = "eval", Program = programName, N = n, Concurrency = concurrency, LatencyMs = latency * 1000, WallS = wall,
            LimitS = calls * latency / concurrency, LMCalls = calls,
            ServerRequests = after?.Requests - before?.Requests, ServerMaxInFlight = after?.MaxInFlight,
            Evaluated = result.Rows.Count, Expected = n, Correct = result.Rows.Count(r => r.Score >= 1), Errors = result.ErrorCount,
            PeakWorkingSetMB = EndToEnd.PeakWorkingSetMB(),
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
        await program.RunAsync(WarmUp, settings);
        var before = await stats.ReadAsync();
        var clock = Stopwatch.StartNew();
        var compiled = await optimizer.CompileAsync(program, trainset);
        var wall = clock.Elapsed.TotalSeconds;
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
            PeakWorkingSetMB = EndToEnd.PeakWorkingSetMB(),
            Note = $"demos per predictor [{string.Join(", ", demos)}], {bootstrapped} bootstrapped",
        };
    }
}
