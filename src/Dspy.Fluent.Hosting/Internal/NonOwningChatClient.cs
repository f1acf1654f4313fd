using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Wraps the application's own <see cref="IChatClient"/> (from <c>AddChatClient</c>) without taking ownership: the
/// container that created it disposes it, so disposing the Dspy pipeline must not dispose it a second time.
/// </summary>
internal sealed class NonOwningChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    protected override void Dispose(bool disposing)
    {
        // Deliberately not calling base.Dispose: it would dispose the inner client, which the container owns.
    }
}
