using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Loopback;

/// <summary>OpenAI's <c>POST /v1/chat/completions</c>: JSON replies, and server-sent events ending in <c>data: [DONE]</c> when <c>stream</c> is true.</summary>
internal sealed class OpenAIProtocol : ChatProtocol
{
    public static OpenAIProtocol Instance { get; } = new();

    public override string StreamContentType => "text/event-stream";

    public override ParsedChatRequest Parse(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages || messages.Count == 0)
            throw new BadChatRequestException("'messages' must be a non-empty array.");
        var model = body["model"]?.GetValue<string>() ?? throw new BadChatRequestException("'model' is required.");
        var list = messages.Select(m => new ChatMessage(Role(m?["role"]?.GetValue<string>()), Content(m?["content"]))).ToList();
        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = Float(body, "temperature"),
            TopP = Float(body, "top_p"),
            MaxOutputTokens = Int(body, "max_completion_tokens") ?? Int(body, "max_tokens"),
            Seed = Long(body, "seed"),
            FrequencyPenalty = Float(body, "frequency_penalty"),
            PresencePenalty = Float(body, "presence_penalty"),
            StopSequences = Strings(body["stop"]),
            ResponseFormat = body["response_format"]?["type"]?.GetValue<string>() is "json_object" or "json_schema" ? ChatResponseFormat.Json : null,
        };
        var stream = body["stream"]?.GetValue<bool>() ?? false;
        var includeUsage = body["stream_options"]?["include_usage"]?.GetValue<bool>() ?? false;
        return new ParsedChatRequest(list, options, model, stream, includeUsage);
    }

    public override string Reply(ParsedChatRequest request, ChatResponse response, string id) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = Now.ToUnixTimeSeconds(),
        ["model"] = response.ModelId ?? request.Model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = response.Text },
            ["finish_reason"] = FinishReasonText(response.FinishReason),
        }),
        ["usage"] = Usage(response.Usage),
    }.ToJsonString(WireJson.Options);

    public override string? StreamStart(ParsedChatRequest request, string id) =>
        Event(Chunk(request, id, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));

    public override string StreamPiece(ParsedChatRequest request, string id, string text) =>
        Event(Chunk(request, id, new JsonObject { ["content"] = text }, null));

    public override string StreamEnd(ParsedChatRequest request, string id, ChatFinishReason? finish, UsageDetails? usage)
    {
        var end = new StringBuilder(Event(Chunk(request, id, new JsonObject(), FinishReasonText(finish))));
        if (request.IncludeUsage)
        {
            var chunk = Chunk(request, id, null, null);
            chunk["choices"] = new JsonArray();
            chunk["usage"] = Usage(usage);
            end.Append(Event(chunk));
        }
        return end.Append("data: [DONE]\n\n").ToString();
    }

    public override string Error(int status, string message) => new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error",
            ["code"] = status == 429 ? "rate_limit_exceeded" : null,
        },
    }.ToJsonString(WireJson.Options);

    private static string Content(JsonNode? content) => content switch
    {
        null => "",
        JsonValue v => v.GetValue<string>(),
        // Content parts: only text parts carry anything this server can pass on.
        JsonArray parts => string.Concat(parts.Where(p => p?["type"]?.GetValue<string>() == "text").Select(p => p?["text"]?.GetValue<string>())),
        _ => throw new BadChatRequestException("A message's 'content' must be a string or an array of content parts."),
    };

    private static JsonObject Chunk(ParsedChatRequest request, string id, JsonObject? delta, string? finish) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = Now.ToUnixTimeSeconds(),
        ["model"] = request.Model,
        ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    };

    private static JsonObject Usage(UsageDetails? usage) => new()
    {
        ["prompt_tokens"] = usage?.InputTokenCount ?? 0,
        ["completion_tokens"] = usage?.OutputTokenCount ?? 0,
        ["total_tokens"] = usage?.TotalTokenCount ?? (usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0),
    };

    private static string Event(JsonObject data) => $"data: {data.ToJsonString(WireJson.Options)}\n\n";
}
