using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Issue 18's in-process workload: writes a random-weight llama GGUF (~100M parameters, or ~5M with <c>--quick</c>) to a
/// temp folder, then measures (1) generated tokens/s with one request at a time vs C = 4, 8, 16 concurrent requests
/// (continuous batching, prefix cache off), and (2) prompt tokens computed vs reused for an evaluation of a compiled
/// 4-demo ChainOfThought over 32 examples, with and without the prefix cache. Prints ratios; asserts nothing about speed.
/// </summary>
internal static class GgufWorkload
{
    public static async Task<int> RunAsync(bool quick)
    {
        var shape = quick ? RandomLlamaGguf.Small : RandomLlamaGguf.Hundred;
        var folder = Directory.CreateTempSubdirectory("dspy-gguf-bench-");
        try
        {
            var clock = Stopwatch.StartNew();
            var path = shape.Write(Path.Combine(folder.FullName, "random-llama.gguf"));
            Console.WriteLine($"gguf: random llama {shape.Parameters / 1e6:0.0}M parameters (embedding {shape.Embedding}, {shape.Layers} layers, " +
                              $"ff {shape.FeedForward}, vocab {shape.Vocabulary}, F16), {new FileInfo(path).Length / 1e6:0} MB written in {clock.Elapsed.TotalSeconds:0.0} s; " +
                              $"{Environment.ProcessorCount} cores");
            await ThroughputAsync(path, quick);
            await PrefillAsync(path, quick);
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task ThroughputAsync(string path, bool quick)
    {
        var maxTokens = quick ? 8 : 32;
        int[] levels = quick ? [1, 4] : [1, 4, 8, 16];
        using var lm = LMSpec.Connect($"gguf:{path}", LMConnectOptions.Default.WithSettings(
            new GgufOptions { ContextSize = 256, MaxBatchSequences = levels.Max(), PrefixCacheTokens = 0 }));
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = maxTokens };
        ChatMessage[] Ask(int i) => [new(ChatRole.User, $"Question {i}: what is the capital of Country{i}? Answer briefly.")];
        await lm.GetResponseAsync(Ask(-1), options); // untimed: loads the native code paths

        Console.WriteLine($"  generated tokens/s (greedy, max_tokens {maxTokens}, prefix cache off)");
        Console.WriteLine("  | C | requests | tokens | wall s | tokens/s | × serial |");
        Console.WriteLine("  |---|---|---|---|---|---|");
        double? serial = null;
        foreach (var c in levels)
        {
            var requests = Math.Max(c * 2, 8);
            using var gate = new SemaphoreSlim(c);
            var clock = Stopwatch.StartNew();
            var replies = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
            {
                await gate.WaitAsync();
                try { return await lm.GetResponseAsync(Ask(i), options); }
                finally { gate.Release(); }
            }));
            var seconds = clock.Elapsed.TotalSeconds;
            var tokens = replies.Sum(r => r.Usage?.OutputTokenCount ?? 0);
            var rate = tokens / seconds;
            serial ??= rate;
            Console.WriteLine($"  | {c} | {requests} | {tokens} | {seconds:0.00} | {rate:0.0} | {rate / serial:0.00}× |");
        }
    }

    private static async Task PrefillAsync(string path, bool quick)
    {
        var examples = quick ? 8 : 32;
        var compiled = (await new LabeledFewShot(new LabeledFewShotOptions { K = 4 })
            .CompileAsync(Predict.ChainOfThought("predict", "question -> answer"), Capitals.Examples(4, offset: 10_000))).Program;
        var devset = Capitals.Examples(examples);

        Console.WriteLine($"  prefill of an evaluation: compiled 4-demo ChainOfThought over {examples} examples, concurrency 4, max_tokens 16");
        Console.WriteLine("  | prefix cache | calls | prompt tokens | computed | reused | computed % | wall s |");
        Console.WriteLine("  |---|---|---|---|---|---|---|");
        foreach (var cacheTokens in new[] { 0, 8192 })
        {
            var inner = LMSpec.Connect($"gguf:{path}", LMConnectOptions.Default.WithSettings(
                new GgufOptions { ContextSize = 1536, MaxBatchSequences = 4, PrefixCacheTokens = cacheTokens }));
            using var lm = new UsageTotals(inner); // disposes the connector too
            var clock = Stopwatch.StartNew();
            await Evaluate.RunAsync(compiled, devset, StrictAnswerMatch.Instance, new EvaluateOptions
            {
                Concurrency = 4, MaxErrors = null, Settings = new LMSettings { Client = lm, Temperature = 0, MaxTokens = 16 },
            });
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"  | {(cacheTokens == 0 ? "off" : $"{cacheTokens} tokens")} | {lm.Calls} | {lm.Prompt} | {lm.Computed} | {lm.Reused} | " +
                              $"{100.0 * lm.Computed / Math.Max(1, lm.Prompt):0.0} % | {seconds:0.00} |");
        }
    }

    /// <summary>Sums the usage of every reply, including the connector's prefill split.</summary>
    private sealed class UsageTotals(IChatClient inner) : DelegatingChatClient(inner)
    {
        private long _calls, _prompt, _computed, _reused;

        public long Calls => Interlocked.Read(ref _calls);
        public long Prompt => Interlocked.Read(ref _prompt);
        public long Computed => Interlocked.Read(ref _computed);
        public long Reused => Interlocked.Read(ref _reused);

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            Interlocked.Increment(ref _calls);
            if (response.Usage is { } usage)
            {
                Interlocked.Add(ref _prompt, usage.InputTokenCount ?? 0);
                if (usage.AdditionalCounts?.TryGetValue("dspy.prefill_computed_tokens", out var computed) == true) Interlocked.Add(ref _computed, computed);
                if (usage.AdditionalCounts?.TryGetValue("dspy.prefill_reused_tokens", out var reused) == true) Interlocked.Add(ref _reused, reused);
            }
            return response;
        }
    }
}
