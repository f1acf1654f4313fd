using BenchmarkDotNet.Running;
using Dspy.Fluent;

// Dspy.Fluent benchmarks. `micro [BenchmarkDotNet args]`, `e2e [--quick] [options]`, `serve [options]`; see README.md.
var command = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
return command switch
{
    "micro" => RunMicro(rest),
    "e2e" => await EndToEnd.RunAsync(rest),
    "serve" => await BenchServer.RunAsync(rest),
    "probe" => await Probes.RunAsync(rest),
    "overhead" => await Overhead.RunAsync(rest),
    "scaleout" => await ScaleOutBenchmark.RunAsync(rest),
    "gguf" => await GgufWorkload.RunAsync(quick: rest.Contains("--quick")),
    _ => Usage(),
};

static int RunMicro(string[] args)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroConfig).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Dspy.Fluent.Benchmarks COMMAND [options]
          micro [BenchmarkDotNet options]   micro benchmarks (adapter, signature, programs, cache); default: all
          e2e [--quick] [options]           end-to-end workloads against the loopback server; --help for options
          gguf [--quick]                    in-process GGUF: tokens/s serial vs concurrent, prefill with/without prefix reuse
          overhead [--calls N]              DSPy's overhead mode on the instant LM, as one JSON object
          scaleout [--quick] [--examples N] [--latency-ms L] [--concurrency C]
                                            examples/s in process and on 1, 2, 3 Orleans silos, each with its own endpoint
          serve [--port P] [--latency-ms L] [--max-seconds S]
                                            the loopback server with the capitals backend (for the side-by-side script)
        """);
    return 2;
}
