namespace Dspy.Fluent;

/// <summary>Settings for a <c>gguf:PATH</c> model run in-process by LLamaSharp. Immutable.</summary>
public sealed record GgufOptions
{
    /// <summary>Tokens in the context window (prompt + reply); null uses the model's trained length, capped at 4096.</summary>
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
}
