using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// What every built-in connector returns: strips <c>dspy.*</c> options right before the provider client, carries the
/// client's <see cref="SecretRedactor"/> (with the key the connector was given) for the stages above, and disposes what
/// the connector created for it (an HTTP client, loaded weights).
/// </summary>
internal sealed class ConnectorChatClient : DelegatingChatClient
{
    private readonly IDisposable?[] _owned;
    private readonly SecretRedactor _redactor;

    private ConnectorChatClient(IChatClient inner, SecretRedactor redactor, IDisposable?[] owned) : base(inner)
    {
        _redactor = redactor;
        _owned = owned;
    }

    /// <summary>Wraps an in-process provider client.</summary>
    public static IChatClient InProcess(IChatClient provider, params IDisposable?[] owned) =>
        new ConnectorChatClient(new DspyOptionsStrippingChatClient(provider), new SecretRedactor(), owned);

    /// <summary>
    /// Wraps an HTTP provider client, whose cut-short replies are reported as <see cref="HttpIOException"/> (see
    /// <see cref="ReplyIntegrityChatClient"/>); <paramref name="redactor"/> holds the key it authenticates with.
    /// </summary>
    public static IChatClient OverHttp(IChatClient provider, SecretRedactor redactor, params IDisposable?[] owned) =>
        new ConnectorChatClient(new ReplyIntegrityChatClient(new DspyOptionsStrippingChatClient(provider)), redactor, owned);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(SecretRedactor) ? _redactor : base.GetService(serviceType, serviceKey);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        foreach (var resource in _owned) resource?.Dispose();
    }
}
