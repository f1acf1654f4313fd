using System.Text.Encodings.Web;
using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// One batch as a silo receives it: the program's name, types and structure fingerprint, the state and LM settings it
/// runs with, the metric's name, and each example with the program input the client already built from it.
/// </summary>
/// <remarks>
/// The wire format is JSON we write by hand (<c>dspy-fluent/orleans-batch</c>, version 1) so that it is exact and
/// readable: examples and predictions go through the evaluation report's codecs, the state through the saved-state
/// format, other values through <see cref="DspyJson"/>. Orleans only carries the bytes.
/// </remarks>
internal sealed record BatchRequest
{
    public const string Format = "dspy-fluent/orleans-batch";
    public const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public required string Program { get; init; }

    public required string InputType { get; init; }

    public required string OutputType { get; init; }

    public required IReadOnlyList<PredictorFingerprint> Structure { get; init; }

    public required string StateJson { get; init; }

    public required ShippedSettings Settings { get; init; }

    public required string Metric { get; init; }

    public bool Bootstrapping { get; init; }

    public bool KeepHistory { get; init; }

    public required IReadOnlyList<BatchExample> Examples { get; init; }

    /// <summary>Writes the batch; <paramref name="writeInput"/> writes one example's program input.</summary>
    public byte[] Write(Action<Utf8JsonWriter, int> writeInput)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("program", Program);
            w.WriteString("input_type", InputType);
            w.WriteString("output_type", OutputType);
            w.WriteStartArray("structure");
            foreach (var p in Structure)
            {
                w.WriteStartArray();
                w.WriteStringValue(p.Name);
                w.WriteStringValue(p.Kind);
                w.WriteStringValue(p.Hash);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WritePropertyName("state");
            w.WriteRawValue(StateJson, skipInputValidation: true);
            w.WritePropertyName("settings");
            Settings.Write(w);
            w.WriteString("metric", Metric);
            w.WriteBoolean("bootstrapping", Bootstrapping);
            w.WriteBoolean("keep_history", KeepHistory);
            w.WriteStartArray("examples");
            for (var i = 0; i < Examples.Count; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("i", Examples[i].Index);
                w.WritePropertyName("example");
                EvaluationJsonWriter.WriteExample(w, Examples[i].Example);
                w.WritePropertyName("input");
                writeInput(w, i);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a batch; each example's input is kept as JSON for the runner, which knows its type.</summary>
    public static (BatchRequest Request, JsonDocument Document) Read(byte[] json)
    {
        var document = JsonDocument.Parse(json);
        try
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
                throw new FormatException($"Not a Dspy.Fluent batch: expected \"format\": \"{Format}\".");
            if (root.GetProperty("version").GetInt32() != Version)
                throw new FormatException($"Batch format version {root.GetProperty("version").GetInt32()} is not {Version}: the client and this silo run different Dspy.Fluent.Orleans versions.");
            var request = new BatchRequest
            {
                Program = root.GetProperty("program").GetString()!,
                InputType = root.GetProperty("input_type").GetString()!,
                OutputType = root.GetProperty("output_type").GetString()!,
                Structure = [.. root.GetProperty("structure").EnumerateArray().Select(p =>
                    new PredictorFingerprint(p[0].GetString()!, p[1].GetString()!, p[2].GetString()!))],
                StateJson = root.GetProperty("state").GetRawText(),
                Settings = ShippedSettings.Read(root.GetProperty("settings")),
                Metric = root.GetProperty("metric").GetString()!,
                Bootstrapping = root.GetProperty("bootstrapping").GetBoolean(),
                KeepHistory = root.GetProperty("keep_history").GetBoolean(),
                Examples = [.. root.GetProperty("examples").EnumerateArray().Select(e =>
                    new BatchExample(e.GetProperty("i").GetInt32(), EvaluationJsonReader.ReadExample(e.GetProperty("example"))) { Input = e.GetProperty("input") })],
            };
            return (request, document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }
}

/// <summary>One example of a batch: its index in the client's work, the example (the metric reads its labels) and its input.</summary>
internal sealed record BatchExample(int Index, Example Example)
{
    /// <summary>The program input as JSON (set when read on the silo).</summary>
    public JsonElement Input { get; init; }
}
