using System.Globalization;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>DSPy's <c>answer_exact_match</c>: exact match, or token F1 ≥ a fraction when the fraction is below 1.</summary>
internal sealed class AnswerExactMatchMetric(string field, double fraction) : Metric(MetricName(field, fraction))
{
    public override MetricResult Score(MetricContext context)
    {
        var answers = MetricFields.Answers(context.Example, field);
        var predicted = MetricFields.Predicted(context.Prediction, field);
        if (fraction >= 1.0)
        {
            var match = AnswerMatch.ExactMatch(predicted, answers);
            return MetricResult.FromBool(match, match ? null : $"Expected {Quote(answers)}, got {Quote(predicted)}.");
        }
        var f1 = AnswerMatch.F1(predicted, answers);
        var passed = f1 >= fraction;
        return MetricResult.FromBool(passed, passed ? null :
            $"Token F1 {f1.ToString("0.###", CultureInfo.InvariantCulture)} is below {fraction.ToString("0.###", CultureInfo.InvariantCulture)}: expected {Quote(answers)}, got {Quote(predicted)}.");
    }

    private static string MetricName(string field, double fraction) =>
        (fraction >= 1.0 ? "exact_match" : $"exact_match_or_f1@{fraction.ToString("0.###", CultureInfo.InvariantCulture)}") + Suffix(field);

    internal static string Suffix(string field) => field == Predictions.AnswerField ? "" : $"({field})";

    internal static string Quote(IReadOnlyList<string> answers) =>
        answers.Count == 1 ? Quote(answers[0]) : "one of " + PythonJson.Serialize(answers);

    internal static string Quote(string text) => PythonJson.Serialize(text);
}

/// <summary>DSPy's <c>F1</c>: the best token F1 against any acceptable answer, as a graded score.</summary>
internal sealed class AnswerF1Metric(string field) : Metric("f1" + AnswerExactMatchMetric.Suffix(field))
{
    public override MetricResult Score(MetricContext context)
    {
        var answers = MetricFields.Answers(context.Example, field);
        var predicted = MetricFields.Predicted(context.Prediction, field);
        var f1 = AnswerMatch.F1(predicted, answers);
        return new MetricResult(f1, f1 >= 1.0 ? null :
            $"Token F1 {f1.ToString("0.###", CultureInfo.InvariantCulture)}: expected {AnswerExactMatchMetric.Quote(answers)}, got {AnswerExactMatchMetric.Quote(predicted)}.");
    }
}

/// <summary>DSPy's <c>answer_passage_match</c>: 1 when any retrieved passage contains an acceptable answer.</summary>
internal sealed class PassageMatchMetric(string field) : Metric("passage_match" + AnswerExactMatchMetric.Suffix(field))
{
    public override MetricResult Score(MetricContext context)
    {
        var answers = MetricFields.Answers(context.Example, field);
        var passages = MetricFields.Passages(context) ?? throw new InvalidOperationException(
            "passage_match found no retrieved passages: the run's trace has no step of kind 'Retrieve' and the prediction has no 'context' or 'passages' field. " +
            "Retrieve through a retriever that records its step, or return the passages in a 'context' field.");
        var found = passages.Any(p => AnswerMatch.PassageContains(p, answers));
        return MetricResult.FromBool(found, found ? null :
            $"None of the {passages.Count} retrieved passages contains {AnswerExactMatchMetric.Quote(answers)}.");
    }
}

/// <summary>The fraction of gold titles found among the retrieved passages' titles (1.0 is DSPy's "gold titles ⊆ found titles").</summary>
internal sealed class RetrievalRecallMetric(IReadOnlyList<string> titleFields) : Metric("retrieval_recall")
{
    public override MetricResult Score(MetricContext context)
    {
        var field = titleFields.FirstOrDefault(context.Example.ContainsKey) ?? throw new KeyNotFoundException(
            $"retrieval_recall needs the example's gold titles in one of the fields {string.Join(", ", titleFields)}; its fields are {string.Join(", ", context.Example.Keys)}.");
        var gold = MetricFields.Texts(context.Example[field]).Select(AnswerMatch.Normalize).ToHashSet(StringComparer.Ordinal);
        if (gold.Count == 0)
            throw new ArgumentException($"The example's '{field}' is empty: retrieval recall needs at least one gold title.");
        var passages = MetricFields.Passages(context) ?? throw new InvalidOperationException(
            "retrieval_recall found no retrieved passages: the run's trace has no step of kind 'Retrieve' and the prediction has no 'context' or 'passages' field.");
        var found = passages.Select(p => AnswerMatch.Normalize(MetricFields.Title(p))).ToHashSet(StringComparer.Ordinal);
        var missing = gold.Where(t => !found.Contains(t)).ToArray();
        var score = (double)(gold.Count - missing.Length) / gold.Count;
        return new MetricResult(score, missing.Length == 0 ? null :
            $"Missing {missing.Length} of {gold.Count} gold titles: {PythonJson.Serialize(missing)}.");
    }
}
