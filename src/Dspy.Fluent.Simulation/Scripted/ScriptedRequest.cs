using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>One request a <see cref="ScriptedChatClient"/> received.</summary>
/// <param name="Messages">The messages sent.</param>
/// <param name="Options">A copy of the options sent, or null.</param>
public sealed record ScriptedRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options);
