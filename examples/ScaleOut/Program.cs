// Scale-out demo (issue 17): the main job's evaluation over 3 silo processes with Redis clustering, each silo with its
// own loopback LM endpoint with latency. Offline: the endpoints serve the simulated LM. Prints examples/s for 1, 2 and
// 3 silos; exits non-zero when a run differs from the in-process evaluation or a process fails.
using Dspy.Fluent.Examples.ScaleOut;

try
{
    return args is ["silo", ..]
        ? await SiloProcess.RunAsync(SiloArguments.Parse(args))
        : await Coordinator.RunAsync(CoordinatorOptions.Parse(args));
}
catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or TimeoutException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
