using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dspy.Fluent;

/// <summary>
/// Metrics of the in-process batch, on the meter <c>Dspy.Fluent.Gguf</c>: prompt tokens evaluated vs taken from the
/// prefix cache, and how many requests each decode step carried. Every measurement is tagged with the model id.
/// </summary>
internal static class GgufTelemetry
{
    public const string MeterName = "Dspy.Fluent.Gguf";

    /// <summary>Key in <c>UsageDetails.AdditionalCounts</c>: prompt tokens this request evaluated.</summary>
    public const string PrefillComputedKey = "dspy.prefill_computed_tokens";

    /// <summary>Key in <c>UsageDetails.AdditionalCounts</c>: prompt tokens this request took from the prefix cache.</summary>
    public const string PrefillReusedKey = "dspy.prefill_reused_tokens";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> PrefillComputed =
        Meter.CreateCounter<long>("dspy.gguf.prefill.computed_tokens", "{token}", "Prompt tokens evaluated by the model.");

    public static readonly Counter<long> PrefillReused =
        Meter.CreateCounter<long>("dspy.gguf.prefill.reused_tokens", "{token}", "Prompt tokens whose KV state came from the prefix cache.");

    public static readonly Histogram<int> BatchSequences =
        Meter.CreateHistogram<int>("dspy.gguf.batch.sequences", "{sequence}", "Requests carried by one decode step.");

    public static TagList Tags(string modelId) => new() { { "gen_ai.request.model", modelId } };
}
