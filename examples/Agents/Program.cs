// The agents example: a ReAct agent with two tools (an encyclopedia search over a fictional world, and a calculator)
// and a ProgramOfThought arithmetic solver, each run on a handful of questions, then compiled with BootstrapFewShot
// and run again. Offline by default (simulated LM, synthetic world, BM25).
using Dspy.Fluent;
using Dspy.Fluent.Examples.Agents;

try
{
    var options = AgentsOptions.Parse(args);
    if (options.Help)
    {
        Console.WriteLine(AgentsOptions.Usage);
        return 0;
    }
    return await AgentsJob.RunAsync(options, Console.Out);
}
catch (Exception e) when (e is ArgumentException or FormatException or LMConnectionException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
