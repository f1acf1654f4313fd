using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// Workloads that need a process of their own: the 100,000-example evaluation (its peak working set must be its own)
/// and process start to first prediction. The parent starts this executable with <c>probe scale|startup</c> and reads
/// one JSON line back.
/// </summary>
internal static class Probes
{
    public static async Task<int> RunAsync(string[] args)
    {
        var kind = args.Length > 0 ? args[0] : "";
        var value = args.Length > 1 ? args[1] : null;
        switch (kind)
        {
            case "startup":
            {
                // The first thing this process does: one ChainOfThought call. Time since the OS started the process.
                using var lm = value is null ? new InstantChatClient() : LMSpec.Connect($"openai:bench@{value}");
                var prediction = await Capitals.ChainOfThought().RunAsync(
                    Example.Create("question", Capitals.Question(7)).WithInputs("question"), new LMSettings { Client = lm });
                using var self = Process.GetCurrentProcess();
                var seconds = (DateTime.Now - self.StartTime).TotalSeconds;
                Console.WriteLine(JsonSerializer.Serialize(new { start_to_first_prediction_s = seconds, answer = prediction.GetText("answer") }));
                return 0;
            }
            case "scale":
            {
                var n = int.Parse(value ?? "100000", CultureInfo.InvariantCulture);
                var devset = Capitals.Examples(n);
                var program = Capitals.ChainOfThought();
                var lm = new InstantChatClient();
                var clock = Stopwatch.StartNew();
                // Rows keep example, prediction and score; per-row LM calls (prompts and replies) are not kept at this size.
                var result = await Evaluate.RunAsync(program, devset, StrictAnswerMatch.Instance,
                    new EvaluateOptions { Concurrency = 16, Settings = new LMSettings { Client = lm }, MaxErrors = null, KeepHistory = false });
                var wall = clock.Elapsed.TotalSeconds;
                using var self = Process.GetCurrentProcess();
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    n, wall_s = wall, rows = result.Rows.Count, correct = result.Rows.Count(r => r.Score >= 1), errors = result.ErrorCount,
                    lm_calls = lm.Calls, peak_working_set_mb = self.PeakWorkingSet64 / 1048576.0,
                }));
                return 0;
            }
            default:
                Console.Error.WriteLine("usage: probe startup [ENDPOINT] | probe scale [N]");
                return 2;
        }
    }

    /// <summary>Evaluates <paramref name="n"/> examples on the instant LM in a child process and reports its peak working set.</summary>
    public static async Task<E2ERow> ScaleInChildAsync(int n)
    {
        var (json, wall) = await RunChildAsync(["probe", "scale", n.ToString(CultureInfo.InvariantCulture)]);
        var r = json.RootElement;
        var calls = r.GetProperty("lm_calls").GetInt32();
        return new E2ERow
        {
            Workload = "eval, instant LM", Program = "cot", N = n, Concurrency = 16, WallS = r.GetProperty("wall_s").GetDouble(),
            LMCalls = calls, Evaluated = r.GetProperty("rows").GetInt32(), Expected = n, Correct = r.GetProperty("correct").GetInt32(),
            Errors = r.GetProperty("errors").GetInt32(), PeakWorkingSetMB = r.GetProperty("peak_working_set_mb").GetDouble(),
            Note = $"own process, KeepHistory off; process wall {wall:0.00} s",
        };
    }

    /// <summary>Starts <paramref name="runs"/> fresh processes whose first act is one prediction; reports the median time from process start.</summary>
    public static async Task<E2ERow> StartupInChildAsync(Uri? endpoint, int runs)
    {
        var fromStart = new List<double>();
        var spawnToExit = new List<double>();
        var correct = 0;
        for (var i = 0; i < Math.Max(1, runs); i++)
        {
            var (json, wall) = await RunChildAsync(endpoint is null ? ["probe", "startup"] : ["probe", "startup", endpoint.AbsoluteUri]);
            fromStart.Add(json.RootElement.GetProperty("start_to_first_prediction_s").GetDouble());
            spawnToExit.Add(wall);
            if (json.RootElement.GetProperty("answer").GetString() == "City7") correct++;
        }
        fromStart.Sort();
        spawnToExit.Sort();
        return new E2ERow
        {
            Workload = endpoint is null ? "start→1st prediction" : "start→1st prediction", Program = "cot",
            N = fromStart.Count, Concurrency = 1, WallS = fromStart[fromStart.Count / 2], LMCalls = fromStart.Count,
            Evaluated = fromStart.Count, Expected = fromStart.Count, Correct = correct, PeakWorkingSetMB = 0,
            Note = (endpoint is null ? "instant LM in-process" : "over HTTP (openai connector, 1 call at L)") +
                   $"; median of {fromStart.Count}; spawn→exit median {spawnToExit[spawnToExit.Count / 2]:0.000} s",
        };
    }

    private static async Task<(JsonDocument Json, double Wall)> RunChildAsync(IReadOnlyList<string> args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own executable path is unknown.");
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        // Started as `dotnet Dspy.Fluent.Benchmarks.dll`: run the same dll again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(Probes).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {self}.");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        if (child.ExitCode != 0) throw new InvalidOperationException($"The probe `{string.Join(' ', args)}` exited with {child.ExitCode}: {output}");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        return (JsonDocument.Parse(line), wall);
    }
}
