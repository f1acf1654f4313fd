using System.Diagnostics;
using System.Text.Json;
using Dspy.Fluent.Loopback;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// The end-to-end workloads of issue 10 against the loopback OpenAI-compatible server (real sockets, fixed latency L):
/// evaluation of DSPy's two programs, BootstrapFewShot compiles, a 100,000-example evaluation on the instant LM (peak
/// working set) and process start to first prediction. Prints one table; <c>--quick</c> is the CI smoke run.
/// </summary>
internal static class EndToEnd
{
    public static async Task<int> RunAsync(string[] args)
    {
        E2EOptions options;
        try
        {
            options = E2EOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        await using var server = options.Endpoint is null
            ? await LoopbackServer.StartAsync(new InstantChatClient(), new LoopbackServerOptions
            {
                Latency = TimeSpan.FromMilliseconds(options.LatencyMs), RequestBodyCapacity = 0,
            })
            : null;
        var endpoint = options.Endpoint ?? server!.BaseUrl;
        var stats = new ServerStats(server, endpoint);
        using var lm = LMSpec.Connect($"openai:bench@{endpoint}");
        var settings = new LMSettings { Client = lm };
        var latency = options.LatencyMs / 1000.0;
        Console.WriteLine($"Dspy.Fluent end-to-end benchmark{(options.Quick ? " (quick)" : "")}: server {endpoint} " +
                          $"({(server is null ? "external" : "in-process loopback")}), latency {options.LatencyMs} ms, " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");

        if (IsDebugBuild())
            Console.WriteLine("  (Debug build, JIT optimizations off: the timings below are not representative; use -c Release to measure)");
        var rows = new List<E2ERow>();
        var workloads = new Workloads(settings, stats, latency);
        if (options.Runs("fresh"))
            rows.Add(Report(await workloads.EvaluateAsync(options.FreshProgram, options.FreshExamples, options.FreshConcurrency, cold: true)));
        if (options.Runs("eval") || options.Runs("compile"))
        {
            var settle = await workloads.SettleAsync(options.Quick ? 8 : 20);
            Console.WriteLine($"  (untimed: {settle:0.0} s of calls until the JIT settled; the rows below are steady state)");
        }
        if (options.Runs("eval"))
        {
            var plan = options.Quick
                ? new[] { ("cot", 200, 16), ("two_step", 200, 32) }
                : [("cot", 200, 16), ("cot", 200, 32), ("cot", 1000, 16), ("cot", 1000, 32),
                   ("two_step", 200, 16), ("two_step", 200, 32), ("two_step", 1000, 16), ("two_step", 1000, 32)];
            foreach (var (program, n, c) in plan) rows.Add(Report(await workloads.EvaluateAsync(program, n, c)));
            if (!options.Quick)
            {
                // The same evaluation with the latency in-process and no HTTP: what is left above the wave floor here is
                // the framework's scheduling; the difference to the HTTP row is the HTTP client, JSON and the server.
                using var delayed = new DelayedChatClient(new InstantChatClient(), TimeSpan.FromMilliseconds(options.LatencyMs));
                var noHttp = new Workloads(new LMSettings { Client = delayed }, ServerStats.None, latency);
                foreach (var (program, n, c) in new[] { ("cot", 200, 16), ("cot", 1000, 16) })
                {
                    delayed.Reset();
                    var row = await noHttp.EvaluateAsync(program, n, c);
                    rows.Add(Report(row with
                    {
                        Workload = "eval, no HTTP (in-process delay)",
                        Note = $"Task.Delay({options.LatencyMs:0} ms) took {delayed.MeanDelayMs:0.00} ms on average (warm-up included)",
                    }));
                }
            }
        }
        if (options.Runs("compile"))
        {
            var plan = options.Quick
                ? new[] { ("cot", 20, 8, 0), ("cot", 200, 16, 50) }
                : [("cot", 20, 8, 0), ("two_step", 20, 8, 0), ("cot", 20, 1, 0), ("cot", 200, 16, 50), ("two_step", 200, 16, 50)];
            foreach (var (program, train, c, every) in plan) rows.Add(Report(await workloads.CompileAsync(program, train, c, every)));
        }
        if (options.Runs("scale")) rows.Add(Report(await Probes.ScaleInChildAsync(options.ScaleExamples)));
        if (options.Runs("startup"))
        {
            rows.Add(Report(await Probes.StartupInChildAsync(null, options.StartupRuns)));
            rows.Add(Report(await Probes.StartupInChildAsync(endpoint, options.StartupRuns)));
        }
        // In-process inference has no latency limit to compare with; it prints its own tables (tokens/s, prefill).
        if (options.Runs("gguf") && await GgufWorkload.RunAsync(options.Quick) != 0) return 1;

        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()} (1, 5, 15 min; {Environment.ProcessorCount} cores)");
        Console.WriteLine(Table(rows));
        if (options.Out is { } path)
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { peer = "dspy-fluent", rows }, new JsonSerializerOptions { WriteIndented = true }));

        // Only what cannot be noise is checked: every example evaluated (and none failed), and every figure finite.
        var problems = rows.Where(r => r.Evaluated != r.Expected || r.Errors > 0 || !r.IsFinite)
            .Select(r => $"{r.Workload} {r.Program} n={r.N}: evaluated {r.Evaluated}/{r.Expected}, {r.Errors} errors{(r.IsFinite ? "" : ", a figure is not finite")}")
            .ToList();
        foreach (var p in problems) Console.Error.WriteLine($"e2e check failed: {p}");
        Console.WriteLine(problems.Count == 0 ? $"e2e: {rows.Count} workloads, every example evaluated, all figures finite" : $"e2e: {problems.Count} check(s) failed");
        return problems.Count == 0 ? 0 : 1;
    }

    private static E2ERow Report(E2ERow row)
    {
        Console.WriteLine($"  {row.Workload,-22} {row.Program,-9} n={row.N,-6} C={row.Concurrency,-3} wall {row.WallS:0.000} s" +
                          (row.Ratio is { } r ? $", {r:0.000}× limit" : "") + $", {row.LMCalls} LM calls");
        return row;
    }

    public static string Table(IReadOnlyList<E2ERow> rows)
    {
        var header = new[] { "workload", "program", "N", "C", "wall s", "limit s", "wall/limit", "wave floor s", "wall/floor", "LM calls", "evaluated", "correct", "peak WS MB", "calls/s", "CPU µs/call", "note" };
        var cells = rows.Select(r => new[]
        {
            r.Workload, r.Program, r.N.ToString(Inv), r.Concurrency.ToString(Inv), r.WallS.ToString("0.000", Inv),
            r.LimitS?.ToString("0.000", Inv) ?? "-", r.Ratio?.ToString("0.000", Inv) ?? "-",
            r.FloorS?.ToString("0.000", Inv) ?? "-", r.FloorRatio?.ToString("0.000", Inv) ?? "-", r.LMCalls.ToString(Inv),
            $"{r.Evaluated}/{r.Expected}", r.Correct.ToString(Inv), r.PeakWorkingSetMB.ToString("0.0", Inv), r.CallsPerSecond.ToString("0.0", Inv),
            r.CpuMicrosPerCall?.ToString("0", Inv) ?? "-", r.Note,
        }).ToList();
        return Markdown(header, cells);
    }

    public static string Markdown(IReadOnlyList<string> header, IReadOnlyList<string[]> cells)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var sb = new System.Text.StringBuilder();
        void Line(IReadOnlyList<string> values) =>
            sb.Append("| ").AppendJoin(" | ", values.Select((v, i) => v.PadRight(widths[i]))).Append(" |\n");
        Line(header);
        sb.Append('|').AppendJoin('|', widths.Select(w => new string('-', w + 2))).Append("|\n");
        foreach (var row in cells) Line(row);
        return sb.ToString();
    }

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>Whether the library was compiled without optimizations (as <c>dotnet test</c> builds it in CI).</summary>
    private static bool IsDebugBuild() =>
        typeof(Predict).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is [DebuggableAttribute { IsJITOptimizerDisabled: true }, ..];

    /// <summary>The machine's load average (Linux), which says how much the figures were disturbed by other work.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The peak working set of this process so far, in MB.</summary>
    public static double PeakWorkingSetMB()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / 1048576.0;
    }
}

/// <summary>The server's request counters: in-process when the server runs here, else its <c>GET /stats</c>.</summary>
internal sealed class ServerStats(LoopbackServer? server, Uri? endpoint)
{
    /// <summary>No server: an in-process LM.</summary>
    public static ServerStats None { get; } = new(null, null);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<(int Requests, int MaxInFlight)?> ReadAsync()
    {
        if (server is not null) return (server.Stats.Requests, server.Stats.MaxInFlight);
        if (endpoint is null) return null;
        try
        {
            var root = new Uri(endpoint.AbsoluteUri.TrimEnd('/') is var e && e.EndsWith("/v1", StringComparison.Ordinal) ? e[..^3] + "/" : e + "/");
            using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(root, "stats")).ConfigureAwait(false));
            return (doc.RootElement.GetProperty("requests").GetInt32(), doc.RootElement.GetProperty("max_in_flight").GetInt32());
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
        {
            return null; // a server without the loopback server's /stats: the client-side count stands alone
        }
    }
}
