using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>A formatted request on its way to the client; <see cref="Streaming"/> is set when its reply is streamed to the run.</summary>
internal readonly record struct LMSend(IChatClient Client, IReadOnlyList<ChatMessage> Messages, ChatOptions Options, string Predictor,
    (IFieldStreamReader Reader, ChannelWriter<FieldEvent> Sink)? Streaming);
