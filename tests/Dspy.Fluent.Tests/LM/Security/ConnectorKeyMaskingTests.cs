namespace Dspy.Fluent.Tests;

/// <summary>An API key handed to a connector through its options is masked from then on, whatever its shape.</summary>
public sealed class ConnectorKeyMaskingTests
{
    [Fact]
    public void An_openai_key_read_through_connect_options_is_registered_for_masking()
    {
        // Shaped like no known provider prefix, so only registration (not a built-in pattern) can mask it.
        var canary = "canary" + Guid.NewGuid().ToString("N");
        var options = new LMConnectOptions { GetEnvironmentVariable = name => name == "OPENAI_API_KEY" ? canary : null };

        using var client = LMSpec.Connect("openai:gpt-4o-mini@http://127.0.0.1:9/v1", options);

        Assert.Equal($"401: bad key {SecretRedactor.Mask}", SecretRedactor.For(client).Redact($"401: bad key {canary}"));
        Assert.Equal($"401: bad key {canary}", new SecretRedactor().Redact($"401: bad key {canary}")); // per client: nothing global learned it
    }
}
