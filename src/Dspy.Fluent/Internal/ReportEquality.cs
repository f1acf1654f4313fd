using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Internal;

/// <summary>Content equality for the parts of an evaluation result that are reference types elsewhere (predictions, LM calls, chat messages).</summary>
internal static class ReportEquality
{
    public static bool Same(Prediction? a, Prediction? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.ToExample().Equals(b.ToExample()));

    /// <summary>An empty score table (what results without extra metrics have).</summary>
    public static readonly IReadOnlyDictionary<string, double> NoScores = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Same names with the same scores, in the same order.</summary>
    public static bool SameScores(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b) =>
        a.Count == b.Count && a.SequenceEqual(b);

    public static bool SameCalls(IReadOnlyList<LMCall> a, IReadOnlyList<LMCall> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (!Same(a[i], b[i])) return false;
        return true;
    }

    private static bool Same(LMCall a, LMCall b) =>
        a.Predictor == b.Predictor && a.Adapter == b.Adapter && a.Reply == b.Reply && a.Model == b.Model
        && a.FinishReason == b.FinishReason && a.Temperature == b.Temperature && a.RolloutId == b.RolloutId
        && a.CacheHit == b.CacheHit && a.CachedTokens == b.CachedTokens && a.StartedAt == b.StartedAt && a.Duration == b.Duration && a.Error == b.Error
        && Same(a.Usage, b.Usage) && SameMessages(a.Messages, b.Messages);

    private static bool SameMessages(IReadOnlyList<ChatMessage> a, IReadOnlyList<ChatMessage> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (a[i].Role != b[i].Role || MediaParts.TextOf(a[i]) != MediaParts.TextOf(b[i])) return false;
        return true;
    }

    private static bool Same(UsageDetails? a, UsageDetails? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.InputTokenCount == b.InputTokenCount
            && a.OutputTokenCount == b.OutputTokenCount && a.TotalTokenCount == b.TotalTokenCount
            && a.CachedInputTokenCount == b.CachedInputTokenCount && a.ReasoningTokenCount == b.ReasoningTokenCount);
}
