using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Loopback;

/// <summary>The console entry: reads options, starts a <see cref="LoopbackServer"/>, prints its URLs and serves until Ctrl+C or SIGTERM.</summary>
internal static class LoopbackCommandLine
{
    private const string Usage =
        "Usage: Dspy.Fluent.LoopbackServer [--port N] [--latency-ms N] [--lm SPEC|echo] [--model ID]...\n" +
        "                                  [--fault-429 F] [--fault-500 F] [--fault-hang F] [--fault-truncate F] [--fault-seed N]\n" +
        "                                  [--retry-after-s N] [--stream-chunk-chars N]\n" +
        "  --port N             port on 127.0.0.1 (0 = a free one; default 0)\n" +
        "  --latency-ms N       fixed delay before each chat reply (default 0)\n" +
        "  --lm SPEC            the backend: 'echo' (default: repeats the last user message) or any LM spec\n" +
        "  --model ID           a model id listed by /v1/models and /api/tags (repeatable)\n" +
        "  --fault-KIND F       fraction (0..1) of chat requests answered 429 / 500 / hanging / truncated\n" +
        "  --fault-seed N       seeds where the faults fall (default 0)\n" +
        "  --retry-after-s N    Retry-After seconds sent with a 429 (default 1)\n" +
        "  --stream-chunk-chars N  re-cut streamed replies into pieces of N characters";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        LoopbackServerOptions options;
        string backendSpec;
        try
        {
            (options, backendSpec) = Parse(args);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            await error.WriteLineAsync($"{e.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        IChatClient backend;
        try
        {
            backend = backendSpec == "echo" ? new EchoChatClient() : LMSpec.Connect(backendSpec);
        }
        catch (Exception e) when (e is LMSpecFormatException or LMConnectionException)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        using (backend)
        {
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
            // SIGTERM (what `kill`, CI runners and container stops send) stops the server the way Ctrl+C does, and the
            // process exits 0 once it has closed its connections.
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
            await using var server = await LoopbackServer.StartAsync(backend, options).ConfigureAwait(false);
            await output.WriteLineAsync($"OpenAI-compatible: {server.BaseUrl}  (--lm openai:MODEL@{server.BaseUrl})").ConfigureAwait(false);
            await output.WriteLineAsync($"Ollama-compatible: {server.RootUrl}  (--lm ollama:MODEL@{server.RootUrl.AbsoluteUri.TrimEnd('/')})").ConfigureAwait(false);
            await output.WriteLineAsync($"Counters: {server.RootUrl}stats    backend: {backendSpec}    Ctrl+C or SIGTERM stops").ConfigureAwait(false);
            await stop.Task.ConfigureAwait(false);
        }
        return 0;
    }

    internal static (LoopbackServerOptions Options, string Backend) Parse(IReadOnlyList<string> args)
    {
        var options = LoopbackServerOptions.Default;
        var faults = LoopbackFaults.None;
        var backend = "echo";
        var models = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value.");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new FormatException($"{name} needs a whole number ≥ 0, got '{args[i]}'.");
            double Fraction() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"{name} needs a fraction between 0 and 1, got '{args[i]}'.");
            switch (name)
            {
                case "--port": options = options with { Port = Int() }; break;
                case "--latency-ms": options = options with { Latency = TimeSpan.FromMilliseconds(Int()) }; break;
                case "--lm": backend = Value(); break;
                case "--model": models.Add(Value()); break;
                case "--fault-429": faults = faults with { TooManyRequests = Fraction() }; break;
                case "--fault-500": faults = faults with { ServerError = Fraction() }; break;
                case "--fault-hang": faults = faults with { Hang = Fraction() }; break;
                case "--fault-truncate": faults = faults with { Truncated = Fraction() }; break;
                case "--fault-seed": faults = faults with { Seed = Int() }; break;
                case "--retry-after-s": faults = faults with { RetryAfter = TimeSpan.FromSeconds(Int()) }; break;
                case "--stream-chunk-chars": options = options with { StreamChunkCharacters = Int() }; break;
                default: throw new FormatException($"Unknown option '{name}'.");
            }
        }
        faults.Validate();
        return (options with { Faults = faults, Models = models }, backend);
    }
}
