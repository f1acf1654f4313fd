using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>How an <see cref="RLM"/> explores: turns, the sub-LM budget, output shown per step, extra tools and the sub-LM.</summary>
/// <example><code>var options = new RLMOptions { MaxIters = 10, MaxLLMCalls = 20 };</code></example>
public sealed record RLMOptions
{
    /// <summary>DSPy's defaults.</summary>
    /// <example><code>var turns = RLMOptions.Default.MaxIters; // 20</code></example>
    public static RLMOptions Default { get; } = new();

    /// <summary>The most code steps before the extraction answers from the history; DSPy's default is 20.</summary>
    /// <example><code>var options = new RLMOptions { MaxIters = 8 };</code></example>
    public int MaxIters { get; init; } = 20;

    /// <summary>The most sub-LM calls (<c>llm_query</c> plus each prompt of <c>llm_query_batched</c>) per run; DSPy's
    /// default is 50. A call beyond it throws in the code: <c>LLM call limit exceeded: 50 + 1 &gt; 50. …</c></summary>
    /// <example><code>var options = new RLMOptions { MaxLLMCalls = 5 };</code></example>
    public int MaxLLMCalls { get; init; } = 50;

    /// <summary>The most characters of a step's output shown in the history (head and tail kept); DSPy's default is 10,000.</summary>
    /// <example><code>var options = new RLMOptions { MaxOutputChars = 2_000 };</code></example>
    public int MaxOutputChars { get; init; } = 10_000;

    /// <summary>Extra tools the code may call by name, listed in the prompt as DSPy lists them.</summary>
    /// <example><code>var options = new RLMOptions { Tools = [AIFunctionFactory.Create((string q) =&gt; "…", "search")] };</code></example>
    public IReadOnlyList<AIFunction> Tools { get; init; } = [];

    /// <summary>The LM for <c>llm_query</c>, e.g. a cheaper model; null uses the run's client. Either way the calls go
    /// through the run's LM history, usage and cancellation.</summary>
    /// <example><code>var options = new RLMOptions { SubLM = cheapClient };</code></example>
    public IChatClient? SubLM { get; init; }
}
