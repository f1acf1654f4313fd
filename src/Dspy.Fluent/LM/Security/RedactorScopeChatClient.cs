using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>Answers <c>GetService&lt;SecretRedactor&gt;()</c> for the stages above it: its own secrets plus those of the client below.</summary>
internal sealed class RedactorScopeChatClient(IChatClient inner, SecretRedactor redactor) : DelegatingChatClient(inner)
{
    private readonly SecretRedactor _redactor = SecretRedactor.Including(redactor, inner.GetService<SecretRedactor>())!;

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(SecretRedactor) ? _redactor : base.GetService(serviceType, serviceKey);
}
