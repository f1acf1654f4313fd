using System.Text.Json.Serialization;

namespace Dspy.Fluent;

/// <summary>
/// One end-to-end figure: wall time against the limit the LM's latency sets (<c>lm_calls × L ÷ C</c>; for a compile at
/// least one run's chain of calls), LM calls as the server counted them, peak memory and throughput.
/// </summary>
internal sealed record E2ERow
{
    [JsonPropertyName("workload")] public required string Workload { get; init; }
    [JsonPropertyName("program")] public required string Program { get; init; }
    [JsonPropertyName("n")] public int N { get; init; }
    [JsonPropertyName("concurrency")] public int Concurrency { get; init; }
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; init; }
    [JsonPropertyName("wall_s")] public double WallS { get; init; }
    [JsonPropertyName("limit_s")] public double? LimitS { get; init; }
    /// <summary>The least wall time whole waves of C examples allow: ⌈N ÷ C⌉ × steps × L (the limit assumes the last wave is full).</summary>
    [JsonPropertyName("wave_floor_s")] public double? FloorS { get; init; }
    [JsonPropertyName("lm_calls")] public int LMCalls { get; init; }
    [JsonPropertyName("server_requests")] public int? ServerRequests { get; init; }
    [JsonPropertyName("server_max_in_flight")] public int? ServerMaxInFlight { get; init; }
    [JsonPropertyName("evaluated")] public int Evaluated { get; init; }
    [JsonPropertyName("expected")] public int Expected { get; init; }
    [JsonPropertyName("correct")] public int Correct { get; init; }
    [JsonPropertyName("errors")] public int Errors { get; init; }
    [JsonPropertyName("peak_working_set_mb")] public double PeakWorkingSetMB { get; init; }
    [JsonPropertyName("cpu_s")] public double? CpuS { get; init; }
    [JsonPropertyName("note")] public string Note { get; init; } = "";

    [JsonPropertyName("wall_over_limit")] public double? Ratio => LimitS is > 0 ? WallS / LimitS : null;
    [JsonPropertyName("cpu_us_per_call")] public double? CpuMicrosPerCall => CpuS is { } cpu && LMCalls > 0 ? cpu * 1e6 / LMCalls : null;
    [JsonPropertyName("wall_over_floor")] public double? FloorRatio => FloorS is > 0 ? WallS / FloorS : null;
    [JsonPropertyName("calls_per_s")] public double CallsPerSecond => WallS > 0 ? LMCalls / WallS : 0;

    /// <summary>Whether every number in the row is a finite number (what the quick mode asserts besides the counts).</summary>
    public bool IsFinite => double.IsFinite(WallS) && WallS >= 0 && (LimitS is null || double.IsFinite(LimitS.Value))
                            && (Ratio is null || double.IsFinite(Ratio.Value)) && double.IsFinite(PeakWorkingSetMB) && double.IsFinite(CallsPerSecond);
}
