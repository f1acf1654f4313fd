using Microsoft.Extensions.AI;

namespace Dspy.Fluent.LM.Connectors;

/// <summary>
/// What every built-in connector returns: strips <c>dspy.*</c> options right before the provider client and
/// disposes what the connector created for it (an HTTP client, loaded weights).
/// </summary>
internal sealed class ConnectorChatClient(IChatClient provider, params IDisposable?[] owned) : DelegatingChatClient(new DspyOptionsStrippingChatClient(provider))
{
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        foreach (var resource in owned) resource?.Dispose();
    }
}
