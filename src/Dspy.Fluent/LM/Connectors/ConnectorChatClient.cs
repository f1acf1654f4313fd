using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// What every built-in connector returns: strips <c>dspy.*</c> options right before the provider client and
/// disposes what the connector created for it (an HTTP client, loaded weights).
/// </summary>
internal sealed class ConnectorChatClient : DelegatingChatClient
{
    private readonly IDisposable?[] _owned;

    private ConnectorChatClient(IChatClient inner, IDisposable?[] owned) : base(inner) => _owned = owned;

    /// <summary>Wraps an in-process provider client.</summary>
    public static IChatClient InProcess(IChatClient provider, params IDisposable?[] owned) =>
        new ConnectorChatClient(new DspyOptionsStrippingChatClient(provider), owned);

    /// <summary>Wraps an HTTP provider client, whose cut-short replies are reported as <see cref="HttpIOException"/> (see <see cref="ReplyIntegrityChatClient"/>).</summary>
    public static IChatClient OverHttp(IChatClient provider, params IDisposable?[] owned) =>
        new ConnectorChatClient(new ReplyIntegrityChatClient(new DspyOptionsStrippingChatClient(provider)), owned);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        foreach (var resource in _owned) resource?.Dispose();
    }
}
