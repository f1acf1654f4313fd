using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Loopback;

/// <summary>Ollama's <c>POST /api/chat</c>: one JSON object, or newline-delimited JSON objects when <c>stream</c> is true (Ollama's default).</summary>
internal sealed class OllamaProtocol : ChatProtocol
{
    public static OllamaProtocol Instance { get; } = new();

    public override string StreamContentType => "application/x-ndjson";

    public override ParsedChatRequest Parse(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages || messages.Count == 0)
            throw new BadChatRequestException("'messages' must be a non-empty array.");
        var model = body["model"]?.GetValue<string>();
        if (string.IsNullOrEmpty(model)) throw new BadChatRequestException("'model' is required.");
        var list = messages.Select(m => new ChatMessage(Role(m?["role"]?.GetValue<string>()), m?["content"]?.GetValue<string>() ?? "")).ToList();
        var settings = body["options"];
        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = Float(settings, "temperature"),
            TopP = Float(settings, "top_p"),
            TopK = Int(settings, "top_k"),
            MaxOutputTokens = Int(settings, "num_predict"),
            Seed = Long(settings, "seed"),
            FrequencyPenalty = Float(settings, "frequency_penalty"),
            PresencePenalty = Float(settings, "presence_penalty"),
            StopSequences = Strings(settings?["stop"]),
            ResponseFormat = body["format"] is null ? null : ChatResponseFormat.Json,
        };
        return new ParsedChatRequest(list, options, model, body["stream"]?.GetValue<bool>() ?? true, IncludeUsage: true);
    }

    public override string Reply(ParsedChatRequest request, ChatResponse response, string id) =>
        Final(request, response.Text, response.FinishReason, response.Usage) + "\n";

    public override string? StreamStart(ParsedChatRequest request, string id) => null;

    public override string StreamPiece(ParsedChatRequest request, string id, string text) => new JsonObject
    {
        ["model"] = request.Model,
        ["created_at"] = CreatedAt(),
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
        ["done"] = false,
    }.ToJsonString(WireJson.Options) + "\n";

    public override string StreamEnd(ParsedChatRequest request, string id, ChatFinishReason? finish, UsageDetails? usage) =>
        Final(request, "", finish, usage) + "\n";

    public override string Error(int status, string message) => new JsonObject { ["error"] = message }.ToJsonString(WireJson.Options);

    private static string CreatedAt() => Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Final(ParsedChatRequest request, string text, ChatFinishReason? finish, UsageDetails? usage) => new JsonObject
    {
        ["model"] = request.Model,
        ["created_at"] = CreatedAt(),
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
        ["done"] = true,
        ["done_reason"] = FinishReasonText(finish),
        ["total_duration"] = 0,
        ["load_duration"] = 0,
        ["prompt_eval_count"] = usage?.InputTokenCount ?? 0,
        ["prompt_eval_duration"] = 0,
        ["eval_count"] = usage?.OutputTokenCount ?? 0,
        ["eval_duration"] = 0,
    }.ToJsonString(WireJson.Options);
}
