using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dspy.Fluent.Loopback;

namespace Dspy.Fluent;

/// <summary>
/// <c>serve</c>: the loopback server with the capitals backend (<see cref="CapitalsResponder"/>), which answers
/// Dspy.Fluent's, DSPy's, LMP's and Ax's prompts, so the side-by-side script points all four at one server. Prints
/// <c>{"listening": URL, "root": URL, "pid": N}</c> when ready; stops on SIGINT/SIGTERM or after <c>--max-seconds</c>.
/// </summary>
internal static class BenchServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        int port = 0, maxSeconds = 1800;
        double latencyMs = 50;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--latency-ms": latencyMs = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--max-seconds": maxSeconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        await using var server = await LoopbackServer.StartAsync(new InstantChatClient(), new LoopbackServerOptions
        {
            Port = port, Latency = TimeSpan.FromMilliseconds(latencyMs), RequestBodyCapacity = 0,
        });
        Console.WriteLine(JsonSerializer.Serialize(new { listening = server.BaseUrl.AbsoluteUri, root = server.RootUrl.AbsoluteUri, pid = Environment.ProcessId }));
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // stopped by a signal or the time limit
        }
        var s = server.Stats;
        Console.Error.WriteLine($"loopback server stopping: {s.Requests} chat requests, max {s.MaxInFlight} in flight");
        return 0;
    }
}
