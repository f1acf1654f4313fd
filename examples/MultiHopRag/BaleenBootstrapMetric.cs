namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>
/// The tutorial's bootstrap gate for Baleen (DSPy's <c>validate_context_and_answer_and_hops</c>): the answer matches
/// exactly, it appears in the retrieved passages, every query is at most 100 characters, and no query repeats an earlier
/// one (token F1 ≥ 0.8 against the question or an earlier query).
/// </summary>
public sealed class BaleenBootstrapMetric : Metric
{
    /// <summary>The shared instance.</summary>
    public static BaleenBootstrapMetric Instance { get; } = new();

    private BaleenBootstrapMetric() : base("baleen_bootstrap") { }

    /// <inheritdoc />
    public override MetricResult Score(MetricContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answers = new[] { context.Example.GetText("answer") };
        var predicted = context.Prediction.GetText("answer");
        if (!AnswerMatch.ExactMatch(predicted, answers)) return MetricResult.FromBool(false, "the answer does not match exactly");
        var passages = context.Prediction.TryGetValue("context", out var c) ? context.Prediction.Get<IReadOnlyList<string>>("context") : [];
        if (!passages.Any(p => AnswerMatch.PassageContains(p, answers))) return MetricResult.FromBool(false, "the answer is not in the retrieved passages");
        var hops = new List<string> { context.Example.GetText("question") };
        hops.AddRange(context.Trace.Where(t => t.Outputs.ContainsKey("query")).Select(t => t.Outputs.GetText("query")));
        if (hops.Any(h => h.Length > 100)) return MetricResult.FromBool(false, "a query is longer than 100 characters");
        for (var i = 2; i < hops.Count; i++)
            if (AnswerMatch.F1(hops[i], hops.Take(i)) >= 0.8) return MetricResult.FromBool(false, $"query {i} repeats an earlier one");
        return MetricResult.Pass;
    }
}
