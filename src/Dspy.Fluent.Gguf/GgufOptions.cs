namespace Dspy.Fluent;

/// <summary>Settings for a <c>gguf:PATH</c> model run in-process by LLamaSharp. Immutable.</summary>
/// <example>
/// Sixteen requests decoded together, with room to keep 8,192 tokens of shared prompt prefixes:
/// <code>
/// var options = LMConnectOptions.Default.WithSettings(new GgufOptions { ContextSize = 2048, MaxBatchSequences = 16, PrefixCacheTokens = 8192 });
/// using IChatClient lm = LMSpec.Connect("gguf:models/qwen2.5-0.5b-instruct-q4_k_m.gguf", options);
/// </code>
/// </example>
/// <remarks>
/// All requests share one llama.cpp context whose KV cache holds
/// <c>ContextSize × MaxBatchSequences + PrefixCacheTokens</c> tokens, so memory grows with all three settings.
/// </remarks>
public sealed record GgufOptions
{
    /// <summary>
    /// Tokens one request may use (prompt + reply); null uses the model's trained length, capped at 4096.
    /// A longer prompt is refused with an error that gives both sizes.
    /// </summary>
    public int? ContextSize { get; init; }

    /// <summary>CPU threads for generation; null lets llama.cpp choose.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// The sampler seed when a request sets none (<c>ChatOptions.Seed</c>). Null draws a fresh seed per request, so
    /// replies at a temperature above 0 vary; at temperature 0 sampling is greedy and the seed does not matter.
    /// </summary>
    public uint? Seed { get; init; }

    /// <summary>The reply length cap when a request sets no <c>MaxOutputTokens</c>; null fills the rest of the context.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// How many requests are decoded together in one batch (continuous batching); null means 4. Further requests wait
    /// and join the running batch as soon as one of its requests finishes. 1 runs requests one at a time.
    /// </summary>
    /// <remarks>
    /// Each decode step evaluates one token of every running request in a single pass over the weights, so on a CPU the
    /// generated tokens per second grow with the batch while the time per step grows much less. Every request keeps
    /// its own sampler, stop sequences, token cap and cancellation; greedy replies are the same alone or in a batch.
    /// Valid range: 1 to 64.
    /// </remarks>
    public int? MaxBatchSequences { get; init; }

    /// <summary>
    /// How many prompt tokens the prefix cache may keep; null means <see cref="ContextSize"/> (or 4096 when that is
    /// unset too), 0 turns prefix reuse off.
    /// </summary>
    /// <remarks>
    /// After a prompt has been evaluated its KV state is kept, and a later request whose tokens start the same way
    /// (a compiled program's instructions and demos) continues from that state and evaluates only the rest. Cached
    /// prompts are evicted least recently used first to stay within this bound. Each reply reports the split in
    /// <c>ChatResponse.Usage.AdditionalCounts</c> as <c>dspy.prefill_computed_tokens</c> and <c>dspy.prefill_reused_tokens</c>.
    /// </remarks>
    public int? PrefixCacheTokens { get; init; }
}
