using System.Text.Encodings.Web;
using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// A batch's runs as a silo sends them back: per example its index, output, trace, score or error, usage, elapsed
/// time (in ticks, exact) and, when asked for, its LM calls. Trace entries carry no signature: the client gets it back
/// from its own program's predictors by name, so signatures never travel twice.
/// </summary>
internal static class BatchReply
{
    public const string Format = "dspy-fluent/orleans-runs";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write<TOut>(IReadOnlyList<ExampleRun<TOut>> runs)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteStartArray("runs");
            foreach (var run in runs) WriteRun(w, run);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteRun<TOut>(Utf8JsonWriter w, ExampleRun<TOut> run)
    {
        w.WriteStartObject();
        w.WriteNumber("i", run.Index);
        // A failed run has no output; a successful one always writes it (even a null output is a value).
        w.WriteBoolean("ok", run.Prediction is not null);
        w.WritePropertyName("output");
        if (run.Prediction is null) w.WriteNullValue(); else WireValue<TOut>.Write(w, run.Output);
        w.WriteStartArray("trace");
        foreach (var t in run.Trace)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("kind", t.Kind);
            w.WriteBoolean("sig", t.Signature is not null);
            w.WritePropertyName("inputs");
            EvaluationJsonWriter.WriteExample(w, t.Inputs);
            w.WritePropertyName("outputs");
            EvaluationJsonWriter.WriteFields(w, t.Outputs);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (run.Score is { } s)
        {
            w.WriteNumber("score", s.Score);
            w.WriteString("feedback", s.Feedback);
        }
        if (run.Error is { } e)
        {
            w.WriteStartArray("error");
            w.WriteStringValue(e.Stage.ToString());
            w.WriteStringValue(e.Type);
            w.WriteStringValue(e.Message);
            w.WriteEndArray();
        }
        var u = run.Usage;
        w.WriteStartArray("usage");
        w.WriteNumberValue(u.LMCalls);
        w.WriteNumberValue(u.CacheHits);
        w.WriteNumberValue(u.InputTokens);
        w.WriteNumberValue(u.OutputTokens);
        w.WriteNumberValue(u.TotalTokens);
        w.WriteEndArray();
        w.WriteNumber("elapsed", run.Elapsed.Ticks);
        if (run.Calls.Count > 0)
        {
            w.WriteStartArray("calls");
            foreach (var call in run.Calls) EvaluationJsonWriter.WriteCall(w, call, SharedTexts.None);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>Reads the runs back; <paramref name="signatureOf"/> gives a trace entry's signature by predictor name.</summary>
    public static List<ExampleRun<TOut>> Read<TOut>(byte[] json, Func<string, Signature> signatureOf)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("format").GetString() != Format) throw new FormatException($"Not a Dspy.Fluent batch reply: expected \"format\": \"{Format}\".");
        var runs = new List<ExampleRun<TOut>>();
        foreach (var r in root.GetProperty("runs").EnumerateArray())
        {
            var ok = r.GetProperty("ok").GetBoolean();
            var output = ok ? WireValue<TOut>.Read(r.GetProperty("output")) : default;
            var usage = r.GetProperty("usage");
            runs.Add(new ExampleRun<TOut>
            {
                Index = r.GetProperty("i").GetInt32(),
                Output = output,
                Prediction = ok ? Predictions.FromOutput(output) : null,
                Trace = [.. r.GetProperty("trace").EnumerateArray().Select(t =>
                {
                    var name = t.GetProperty("name").GetString()!;
                    return new TraceEntry(name, t.GetProperty("kind").GetString()!, t.GetProperty("sig").GetBoolean() ? signatureOf(name) : null,
                        EvaluationJsonReader.ReadExample(t.GetProperty("inputs")), new Prediction(EvaluationJsonReader.ReadFields(t.GetProperty("outputs"))));
                })],
                Score = r.TryGetProperty("score", out var score)
                    ? new MetricResult(score.GetDouble(), r.GetProperty("feedback").GetString())
                    : null,
                Error = r.TryGetProperty("error", out var error)
                    ? new ExampleError(Enum.Parse<ExampleErrorStage>(error[0].GetString()!), error[1].GetString()!, error[2].GetString()!)
                    : null,
                Usage = new EvaluationUsage(usage[0].GetInt32(), usage[1].GetInt32(), usage[2].GetInt64(), usage[3].GetInt64(), usage[4].GetInt64()),
                Elapsed = TimeSpan.FromTicks(r.GetProperty("elapsed").GetInt64()),
                Calls = r.TryGetProperty("calls", out var calls) ? [.. calls.EnumerateArray().Select(c => EvaluationJsonReader.ReadCall(c, []))] : [],
            });
        }
        return runs;
    }
}
