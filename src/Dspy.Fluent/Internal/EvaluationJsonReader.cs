using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Internal;

/// <summary>Reads the <see cref="JsonReport"/> format back into an <see cref="EvaluationResult"/>.</summary>
internal static class EvaluationJsonReader
{
    public static EvaluationResult Read(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != JsonReport.Format)
                throw new FormatException($"Not an evaluation report: expected \"format\": \"{JsonReport.Format}\" at the top level.");
            var shared = Property(root, "shared_texts").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
            var lm = Property(root, "lm");
            return new EvaluationResult
            {
                Title = OptionalString(root, "title"),
                Metric = String(root, "metric"),
                Score = Property(root, "score").GetDouble(),
                ExtraScores = ReadScores(root),
                LM = new LMIdentity(OptionalString(lm, "provider"), OptionalString(lm, "model")) { StandIn = OptionalString(lm, "stand_in") is { } standIn ? new LMStandIn(standIn) : null },
                StartedAt = DateTimeOffset.ParseExact(String(root, "started_at"), "O", CultureInfo.InvariantCulture),
                WallTime = TimeSpan.ParseExact(String(root, "wall_time"), "c", CultureInfo.InvariantCulture),
                Concurrency = Property(root, "concurrency").GetInt32(),
                Usage = ReadUsage(Property(root, "usage")),
                Rows = Property(root, "rows").EnumerateArray().Select((row, i) => ReadRow(row, shared, i)).ToArray(),
            };
        }
    }

    private static ExampleResult ReadRow(JsonElement row, string[] shared, int position)
    {
        try
        {
            return new ExampleResult
            {
                Index = Property(row, "index").GetInt32(),
                Example = ReadExample(Property(row, "example")),
                Prediction = Property(row, "prediction") is { ValueKind: JsonValueKind.Object } p ? new Prediction(ReadFields(p)) : null,
                Score = Property(row, "score").GetDouble(),
                ExtraScores = ReadScores(row),
                Feedback = OptionalString(row, "feedback"),
                Error = OptionalString(row, "error"),
                Usage = ReadUsage(Property(row, "usage")),
                Elapsed = TimeSpan.ParseExact(String(row, "elapsed"), "c", CultureInfo.InvariantCulture),
                Calls = Property(row, "calls").EnumerateArray().Select(c => ReadCall(c, shared)).ToArray(),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new FormatException($"Row {position}: {e.Message}", e);
        }
    }

    private static IReadOnlyDictionary<string, double> ReadScores(JsonElement element)
    {
        if (!element.TryGetProperty("extra_scores", out var scores) || scores.ValueKind == JsonValueKind.Null) return ReportEquality.NoScores;
        if (scores.ValueKind != JsonValueKind.Object) throw new FormatException($"\"extra_scores\" must be an object of metric names to numbers, not {scores.ValueKind}.");
        var read = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var score in scores.EnumerateObject())
            read[score.Name] = score.Value.ValueKind == JsonValueKind.Number
                ? score.Value.GetDouble()
                : throw new FormatException($"\"extra_scores\".\"{score.Name}\" must be a number, not {score.Value.ValueKind}.");
        return read;
    }

    public static Example ReadExample(JsonElement element)
    {
        var inputs = Property(element, "inputs").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
        return new Example(ReadFields(Property(element, "fields"))).WithInputs(inputs);
    }

    public static List<KeyValuePair<string, object?>> ReadFields(JsonElement element) =>
        element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, JsonFieldValue.Read(p.Value))).ToList();

    public static LMCall ReadCall(JsonElement call, string[] shared)
    {
        var messages = Property(call, "messages").EnumerateArray().Select(m =>
        {
            var text = m.TryGetProperty("shared", out var index) ? shared[index.GetInt32()] : String(m, "text");
            return new ChatMessage(new ChatRole(String(m, "role")), text);
        }).ToArray();
        return new LMCall
        {
            Predictor = String(call, "predictor"),
            Adapter = String(call, "adapter"),
            Messages = messages,
            Reply = String(call, "reply"),
            Model = OptionalString(call, "model"),
            FinishReason = OptionalString(call, "finish_reason") is { } reason ? new ChatFinishReason(reason) : null,
            Temperature = Property(call, "temperature") is { ValueKind: JsonValueKind.Number } t ? t.GetSingle() : null,
            RolloutId = OptionalString(call, "rollout_id"),
            CacheHit = Property(call, "cache_hit").GetBoolean(),
            CachedTokens = Count(call, "cached_tokens"),
            StartedAt = DateTimeOffset.ParseExact(String(call, "started_at"), "O", CultureInfo.InvariantCulture),
            Duration = TimeSpan.ParseExact(String(call, "duration"), "c", CultureInfo.InvariantCulture),
            Error = OptionalString(call, "error"),
            Usage = Property(call, "usage") is { ValueKind: JsonValueKind.Object } u ? new UsageDetails
            {
                InputTokenCount = Count(u, "input_tokens"),
                OutputTokenCount = Count(u, "output_tokens"),
                TotalTokenCount = Count(u, "total_tokens"),
                CachedInputTokenCount = Count(u, "cached_input_tokens"),
                ReasoningTokenCount = Count(u, "reasoning_tokens"),
            } : null,
        };
    }

    private static long? Count(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt64() : null;

    private static EvaluationUsage ReadUsage(JsonElement e) => new(
        Property(e, "lm_calls").GetInt32(), Property(e, "cache_hits").GetInt32(), Property(e, "input_tokens").GetInt64(),
        Property(e, "output_tokens").GetInt64(), Property(e, "total_tokens").GetInt64()) { CachedTokens = Count(e, "cached_tokens") ?? 0 };

    private static JsonElement Property(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) ? value : throw new FormatException($"Missing \"{name}\".");

    private static string String(JsonElement e, string name) =>
        Property(e, name).GetString() ?? throw new FormatException($"\"{name}\" is null; a string was expected.");

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
