using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Loopback;

/// <summary>A chat request read from either wire protocol, in Microsoft.Extensions.AI terms.</summary>
internal sealed record ParsedChatRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions Options, string Model, bool Stream, bool IncludeUsage);

/// <summary>The request body could not be read as a chat request; answered 400 with this message.</summary>
internal sealed class BadChatRequestException(string message) : Exception(message);
