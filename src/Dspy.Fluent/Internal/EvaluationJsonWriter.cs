using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>Writes the <see cref="JsonReport"/> format; message texts seen more than once go to a shared table.</summary>
internal static class EvaluationJsonWriter
{
    public static byte[] Write(EvaluationResult result, bool indented)
    {
        var shared = SharedTexts.Build(result);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", JsonReport.Format);
            w.WriteString("title", result.Title);
            w.WriteString("metric", result.Metric);
            w.WriteNumber("score", result.Score);
            w.WriteNumber("percent", result.Percent);
            WriteScores(w, result.ExtraScores);
            w.WriteNumber("examples", result.Rows.Count);
            w.WriteNumber("errors", result.ErrorCount);
            w.WriteStartObject("lm");
            w.WriteString("provider", result.LM.Provider);
            w.WriteString("model", result.LM.Model);
            w.WriteString("stand_in", result.LM.StandIn?.Description);
            w.WriteString("description", result.LM.Describe());
            w.WriteEndObject();
            w.WriteString("started_at", result.StartedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("wall_time", result.WallTime.ToString("c", CultureInfo.InvariantCulture));
            w.WriteNumber("concurrency", result.Concurrency);
            WriteUsage(w, "usage", result.Usage);
            w.WriteStartArray("shared_texts");
            foreach (var text in shared.Texts) w.WriteStringValue(text);
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var row in result.Rows) WriteRow(w, row, shared);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteRow(Utf8JsonWriter w, ExampleResult row, SharedTexts shared)
    {
        w.WriteStartObject();
        w.WriteNumber("index", row.Index);
        w.WritePropertyName("example");
        WriteExample(w, row.Example);
        if (row.Prediction is null) w.WriteNull("prediction");
        else
        {
            w.WritePropertyName("prediction");
            WriteFields(w, row.Prediction);
        }
        w.WriteNumber("score", row.Score);
        WriteScores(w, row.ExtraScores);
        w.WriteString("feedback", row.Feedback);
        w.WriteString("error", row.Error);
        WriteUsage(w, "usage", row.Usage);
        w.WriteString("elapsed", row.Elapsed.ToString("c", CultureInfo.InvariantCulture));
        w.WriteStartArray("calls");
        foreach (var call in row.Calls) WriteCall(w, call, shared);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Extra metrics' scores, by name; left out when there are none, so reports without them read as before.</summary>
    private static void WriteScores(Utf8JsonWriter w, IReadOnlyDictionary<string, double> scores)
    {
        if (scores.Count == 0) return;
        w.WriteStartObject("extra_scores");
        foreach (var (name, score) in scores) w.WriteNumber(name, score);
        w.WriteEndObject();
    }

    public static void WriteExample(Utf8JsonWriter w, Example example)
    {
        w.WriteStartObject();
        w.WritePropertyName("fields");
        WriteFields(w, example);
        w.WriteStartArray("inputs");
        foreach (var key in example.InputKeys) w.WriteStringValue(key);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteFields(Utf8JsonWriter w, FieldValues values)
    {
        w.WriteStartObject();
        foreach (var (key, value) in values)
        {
            w.WritePropertyName(key);
            if (value is null) w.WriteNullValue();
            else DspyJson.Serialize(w, value, value.GetType());
        }
        w.WriteEndObject();
    }

    public static void WriteCall(Utf8JsonWriter w, LMCall call, SharedTexts shared)
    {
        w.WriteStartObject();
        w.WriteString("predictor", call.Predictor);
        w.WriteString("adapter", call.Adapter);
        w.WriteString("model", call.Model);
        w.WriteString("finish_reason", call.FinishReason?.Value);
        if (call.Temperature is { } t) w.WriteNumber("temperature", t); else w.WriteNull("temperature");
        w.WriteString("rollout_id", call.RolloutId);
        w.WriteBoolean("cache_hit", call.CacheHit);
        WriteCount(w, "cached_tokens", call.CachedTokens);
        w.WriteString("started_at", call.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("duration", call.Duration.ToString("c", CultureInfo.InvariantCulture));
        w.WriteString("error", call.Error);
        if (call.Usage is { } u)
        {
            w.WriteStartObject("usage");
            WriteCount(w, "input_tokens", u.InputTokenCount);
            WriteCount(w, "output_tokens", u.OutputTokenCount);
            WriteCount(w, "total_tokens", u.TotalTokenCount);
            WriteCount(w, "cached_input_tokens", u.CachedInputTokenCount);
            WriteCount(w, "reasoning_tokens", u.ReasoningTokenCount);
            w.WriteEndObject();
        }
        else w.WriteNull("usage");
        w.WriteStartArray("messages");
        foreach (var message in call.Messages)
        {
            w.WriteStartObject();
            w.WriteString("role", message.Role.Value);
            var text = MediaParts.TextOf(message);
            if (shared.IndexOf(text) is { } index) w.WriteNumber("shared", index);
            else w.WriteString("text", text);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("reply", call.Reply);
        w.WriteEndObject();
    }

    private static void WriteCount(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    private static void WriteUsage(Utf8JsonWriter w, string name, EvaluationUsage usage)
    {
        w.WriteStartObject(name);
        w.WriteNumber("lm_calls", usage.LMCalls);
        w.WriteNumber("cache_hits", usage.CacheHits);
        w.WriteNumber("input_tokens", usage.InputTokens);
        w.WriteNumber("output_tokens", usage.OutputTokens);
        w.WriteNumber("total_tokens", usage.TotalTokens);
        // Only when there are any: reports written before it existed stay byte-identical.
        if (usage.CachedTokens > 0) w.WriteNumber("cached_tokens", usage.CachedTokens);
        w.WriteEndObject();
    }
}
