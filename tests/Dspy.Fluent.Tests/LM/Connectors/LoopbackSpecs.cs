using Dspy.Fluent.Loopback;

namespace Dspy.Fluent.Tests;

/// <summary>Specs and options that point the connectors at a loopback server, with no API key in the environment.</summary>
internal static class LoopbackSpecs
{
    /// <summary>Connect options whose environment is empty, so no real key is ever read or sent.</summary>
    public static LMConnectOptions NoKey { get; } = LMConnectOptions.Default with { GetEnvironmentVariable = _ => null };

    public static string OpenAI(LoopbackServer server, string model = "gpt-test") => $"openai:{model}@{server.BaseUrl}";

    public static string Ollama(LoopbackServer server, string model = "llama-test") => $"ollama:{model}@{server.RootUrl}";
}
