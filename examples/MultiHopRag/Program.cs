// The main job: the DSPy tutorial's multi-hop RAG end to end. Basic RAG, SimplifiedBaleen uncompiled, and Baleen compiled
// with BootstrapFewShot, evaluated on a dev split. Offline by default (simulated LM, synthetic world, BM25).
using Dspy.Fluent;
using Dspy.Fluent.Examples.MultiHopRag;
using Microsoft.Extensions.AI;
using Spectre.Console;

try
{
    var options = MultiHopOptions.Parse(args);
    if (options.Help)
    {
        Console.WriteLine(MultiHopOptions.Usage);
        return 0;
    }
    return await MultiHopJob.RunAsync(options, Console.Out, Console.Error);
}
catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or ProgramStateFormatException or LMConnectionException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
