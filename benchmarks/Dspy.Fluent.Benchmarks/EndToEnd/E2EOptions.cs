using System.Globalization;

namespace Dspy.Fluent;

/// <summary>The end-to-end run's command line.</summary>
internal sealed record E2EOptions
{
    public bool Quick { get; init; }
    public double LatencyMs { get; init; } = 50;
    public Uri? Endpoint { get; init; }
    public string? Out { get; init; }
    public IReadOnlySet<string>? Only { get; init; }
    public int ScaleExamples { get; init; } = 100_000;
    public int StartupRuns { get; init; } = 5;
    public int FreshExamples { get; init; } = 200;
    public string FreshProgram { get; init; } = "cot";
    public int FreshConcurrency { get; init; } = 16;

    public const string Help = """
        usage: Dspy.Fluent.Benchmarks e2e [--quick] [--latency-ms L] [--endpoint URL] [--only fresh,eval,compile,scale,startup,gguf]
                                         [--fresh-program cot|two_step] [--fresh-n N] [--fresh-c C] [--scale-n N] [--startup-runs R] [--out results.json]
          --quick        CI smoke run: fewer and smaller workloads; checks every example was evaluated and figures are finite
          --latency-ms   the loopback server's fixed latency per chat request (default 50)
          --endpoint     use a running server (e.g. `serve`, shared with the peers) instead of starting one in-process
          --only         parts to run: fresh (the first evaluation in a fresh process, after one warm-up call, as the
                         peers' scripts run it), eval and compile (steady state), scale (100k examples), startup
          --out          also write the rows as JSON
        """;

    public static E2EOptions Parse(IReadOnlyList<string> args)
    {
        var options = new E2EOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true, ScaleExamples = 100_000, StartupRuns = 1 },
                "--latency-ms" => options with { LatencyMs = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--endpoint" => options with { Endpoint = new Uri(Next()) },
                "--out" => options with { Out = Next() },
                "--only" => options with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                "--fresh-program" => options with { FreshProgram = Next() },
                "--fresh-n" => options with { FreshExamples = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--fresh-c" => options with { FreshConcurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--scale-n" => options with { ScaleExamples = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--startup-runs" => options with { StartupRuns = int.Parse(Next(), CultureInfo.InvariantCulture) },
                var other => throw new ArgumentException($"Unknown option '{other}'.\n{Help}"),
            };
        }
        return options;
    }

    public bool Runs(string part) => Only is null || Only.Contains(part);
}
