using Dspy.Fluent.Loopback;

// `dotnet run --project tools/Dspy.Fluent.LoopbackServer -- --port 0 --latency-ms 50`
// Serves until Ctrl+C or SIGTERM. The backend is an echo client unless --lm names one (any LM spec, e.g. gguf:model.gguf).
return await LoopbackCommandLine.RunAsync(args, Console.Out, Console.Error);
