using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Loopback;

/// <summary>One wire protocol (OpenAI chat completions or Ollama's /api/chat): how requests read and replies, errors and streams are written.</summary>
internal abstract class ChatProtocol
{
    /// <summary>The content type of a streamed reply.</summary>
    public abstract string StreamContentType { get; }

    public abstract ParsedChatRequest Parse(JsonObject body);

    /// <summary>The complete non-streamed reply body.</summary>
    public abstract string Reply(ParsedChatRequest request, ChatResponse response, string id);

    /// <summary>The first event of a stream, or null if the protocol has none.</summary>
    public abstract string? StreamStart(ParsedChatRequest request, string id);

    public abstract string StreamPiece(ParsedChatRequest request, string id, string text);

    /// <summary>The closing events: finish reason, usage, terminator.</summary>
    public abstract string StreamEnd(ParsedChatRequest request, string id, ChatFinishReason? finish, UsageDetails? usage);

    public abstract string Error(int status, string message);

    protected static DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected static string FinishReasonText(ChatFinishReason? finish) =>
        finish == ChatFinishReason.Length ? "length"
        : finish == ChatFinishReason.ContentFilter ? "content_filter"
        : finish == ChatFinishReason.ToolCalls ? "tool_calls"
        : "stop";

    protected static float? Float(JsonNode? node, string name) => Number(node, name, n => n.GetValue<float>());

    protected static int? Int(JsonNode? node, string name) => Number(node, name, n => (int)n.GetValue<double>());

    protected static long? Long(JsonNode? node, string name) => Number(node, name, n => (long)n.GetValue<double>());

    protected static IList<string>? Strings(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => [v.GetValue<string>()],
        JsonArray a => a.Select(e => e?.GetValue<string>() ?? "").ToList(),
        _ => throw new BadChatRequestException("'stop' must be a string or an array of strings."),
    };

    protected static ChatRole Role(string? role) => role switch
    {
        "system" or "developer" => ChatRole.System,
        "assistant" => ChatRole.Assistant,
        "tool" => ChatRole.Tool,
        "user" => ChatRole.User,
        _ => throw new BadChatRequestException($"Unknown message role '{role}'."),
    };

    private static T? Number<T>(JsonNode? node, string name, Func<JsonValue, T> read) where T : struct
    {
        if (node?[name] is not JsonValue value) return null;
        try
        {
            return read(value);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new BadChatRequestException($"'{name}' must be a number.");
        }
    }
}
