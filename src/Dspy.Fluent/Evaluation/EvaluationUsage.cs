namespace Dspy.Fluent;

/// <summary>LM calls and tokens of one example or of a whole evaluation.</summary>
/// <param name="LMCalls">Calls made (including cache hits and failed calls).</param>
/// <param name="CacheHits">Calls answered from a cache (<see cref="LMCall.CacheHit"/>); they report no tokens.</param>
/// <param name="InputTokens">Prompt tokens reported by the LM.</param>
/// <param name="OutputTokens">Reply tokens reported by the LM.</param>
/// <param name="TotalTokens">Total tokens reported by the LM (the sum of the above when it reports no total).</param>
public sealed record EvaluationUsage(int LMCalls, int CacheHits, long InputTokens, long OutputTokens, long TotalTokens)
{
    /// <summary>No calls.</summary>
    public static EvaluationUsage Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Tokens the cache hits saved: the totals their stored replies reported (<see cref="LMCall.CachedTokens"/>); not part of <see cref="TotalTokens"/>.</summary>
    /// <example>
    /// <code>
    /// Console.WriteLine($"{result.Usage.TotalTokens} tokens, {result.Usage.CachedTokens} cached");
    /// </code>
    /// </example>
    public long CachedTokens { get; init; }

    /// <summary>The usage of a list of calls.</summary>
    /// <param name="calls">LM calls, e.g. a run's history.</param>
    public static EvaluationUsage Of(IEnumerable<LMCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        int count = 0, hits = 0;
        long input = 0, output = 0, total = 0, cached = 0;
        foreach (var call in calls)
        {
            count++;
            if (call.CacheHit) hits++;
            cached += call.CachedTokens ?? 0;
            if (call.Usage is not { } u) continue;
            input += u.InputTokenCount ?? 0;
            output += u.OutputTokenCount ?? 0;
            total += u.TotalTokenCount ?? (u.InputTokenCount ?? 0) + (u.OutputTokenCount ?? 0);
        }
        return new(count, hits, input, output, total) { CachedTokens = cached };
    }

    /// <summary>The sum of two usages.</summary>
    /// <param name="other">The other usage.</param>
    public EvaluationUsage Add(EvaluationUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(LMCalls + other.LMCalls, CacheHits + other.CacheHits, InputTokens + other.InputTokens,
            OutputTokens + other.OutputTokens, TotalTokens + other.TotalTokens) { CachedTokens = CachedTokens + other.CachedTokens };
    }
}
