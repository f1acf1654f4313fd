using System.Collections.Immutable;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>The connectors that ship with the library, keyed by spec scheme.</summary>
public static class LMConnectors
{
    /// <summary>
    /// <c>simulated</c> (<see cref="SimulatedLM"/>, offline, not a model), <c>openai</c> (Microsoft.Extensions.AI.OpenAI),
    /// <c>ollama</c> (OllamaSharp) and <c>gguf</c> (LLamaSharp).
    /// </summary>
    /// <remarks>
    /// Every built-in client removes <c>dspy.*</c> keys from <see cref="ChatOptions.AdditionalProperties"/> as its
    /// innermost step, and none retries on its own (the OpenAI SDK's retry policy is switched off): retries,
    /// backoff and rate limits belong to middleware outside the connector, where they are visible in the history.
    /// </remarks>
    public static IReadOnlyDictionary<string, Func<LMSpec, LMConnectOptions, IChatClient>> BuiltIn { get; } =
        new Dictionary<string, Func<LMSpec, LMConnectOptions, IChatClient>>(StringComparer.OrdinalIgnoreCase)
        {
            [LMSpec.SimulatedScheme] = static (_, _) => new SimulatedLM(),
            [LMSpec.OpenAIScheme] = OpenAIConnector.Create,
            [LMSpec.OllamaScheme] = OllamaConnector.Create,
            [LMSpec.GgufScheme] = GgufConnector.Create,
        }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);
}
