using System.Diagnostics;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// <c>overhead</c>: DSPy's <c>--mode overhead</c> measured the same way in this process, for the side-by-side table
/// (BenchmarkDotNet's <c>micro</c> gives the careful figures): 50 warm-up calls and more until the JIT settles, then 2,000 timed sequential calls of
/// the 1-step ChainOfThought program on the in-process instant LM; then 2,000 ChatAdapter format+parse on the same
/// signature; allocated bytes per call; peak working set. Prints one JSON object.
/// </summary>
internal static class Overhead
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args.Length > 1 && args[0] == "--calls" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var lm = new InstantChatClient();
        var settings = new LMSettings { Client = lm };
        var program = Capitals.ChainOfThought();
        var inputs = Enumerable.Range(0, calls).Select(i => Example.Create("question", Capitals.Question(i)).WithInputs("question")).ToArray();
        for (var i = 0; i < 50; i++) await program.RunAsync(inputs[i % calls], settings);
        // The peers' 50 warm-up calls leave a .NET process running unoptimized first-tier code (methods are recompiled
        // optimized in the background after 30 calls and a quiet 100 ms); keep calling for at least 1 s and until a
        // stretch of 150 ms of calls compiles nothing new, at most 3 s. Calling, not waiting: the background recompiles
        // happen while the hot paths run, as in a long-lived process.
        var settle = Stopwatch.StartNew();
        var stretch = Stopwatch.StartNew();
        var compiledAtStretchStart = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (settle.Elapsed.TotalSeconds < 3)
        {
            for (var i = 0; i < 200; i++) await program.RunAsync(inputs[i % calls], settings);
            for (var i = 0; i < 200; i++) ChatAdapter.Default.Parse(program.Signature, ChatAdapter.Default.Format(program.Signature, [], inputs[i % calls]) is { Count: > 0 }
                ? $"[[ ## reasoning ## ]]\nr\n\n[[ ## answer ## ]]\nCity{i}\n\n[[ ## completed ## ]]" : "");
            if (stretch.ElapsedMilliseconds < 150) continue;
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (settle.Elapsed.TotalSeconds >= 1 && compiled == compiledAtStretchStart) break;
            compiledAtStretchStart = compiled;
            stretch.Restart();
        }
        var warmUpSeconds = settle.Elapsed.TotalSeconds;

        var perCall = new double[calls];
        var correct = 0;
        var bytes0 = GC.GetAllocatedBytesForCurrentThread();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var prediction = await program.RunAsync(inputs[i], settings);
            perCall[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            if (prediction.GetText("answer") == $"City{i}") correct++;
        }
        var wall = total.Elapsed.TotalSeconds;
        var bytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - bytes0) / (double)calls;
        Array.Sort(perCall);

        var adapter = ChatAdapter.Default;
        var signature = program.Signature;
        var replies = Enumerable.Range(0, calls).Select(i =>
            $"[[ ## reasoning ## ]]\n{CapitalsResponder.Value("reasoning", i)}\n\n[[ ## answer ## ]]\nCity{i}\n\n[[ ## completed ## ]]").ToArray();
        for (var i = 0; i < 50; i++) adapter.Parse(signature, adapter.Format(signature, [], inputs[i]) is { Count: > 0 } ? replies[i] : "");
        long formatTicks = 0, parseTicks = 0;
        var adapterBytes0 = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            adapter.Format(signature, [], inputs[i]);
            var t1 = Stopwatch.GetTimestamp();
            var parsed = adapter.Parse(signature, replies[i]);
            var t2 = Stopwatch.GetTimestamp();
            formatTicks += t1 - t0;
            parseTicks += t2 - t1;
            if (parsed.GetText("answer") != $"City{i}") throw new InvalidOperationException("format+parse read the wrong answer");
        }
        var adapterBytes = (GC.GetAllocatedBytesForCurrentThread() - adapterBytes0) / (double)calls;
        double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency / calls;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["peer"] = "dspy-fluent", ["mode"] = "overhead", ["calls"] = calls, ["lm_calls"] = lm.Calls - 50, ["correct"] = correct,
            ["wall_s"] = wall, ["program_call_us_mean"] = wall * 1e6 / calls,
            ["program_call_us_p50"] = perCall[calls / 2], ["program_call_us_p99"] = perCall[(int)(calls * 0.99)],
            ["program_call_bytes"] = bytesPerCall,
            ["format_parse_us_mean"] = Micros(formatTicks + parseTicks), ["format_us_mean"] = Micros(formatTicks), ["parse_us_mean"] = Micros(parseTicks),
            ["format_parse_bytes"] = adapterBytes, ["jit_settle_s"] = warmUpSeconds, ["peak_rss_mb"] = self.PeakWorkingSet64 / 1048576.0,
        }));
        return 0;
    }
}
