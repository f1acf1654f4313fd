using System.Globalization;
using Microsoft.Extensions.AI;
using MeaiEvaluation = Microsoft.Extensions.AI.Evaluation;

namespace Dspy.Fluent;

/// <summary>A Microsoft.Extensions.AI.Evaluation evaluator used as a metric (see <see cref="EvaluatorMetricOptions"/> for the scaling).</summary>
internal sealed class EvaluatorMetric : IMetric
{
    private readonly MeaiEvaluation.IEvaluator _evaluator;
    private readonly EvaluatorMetricOptions _options;
    private readonly string _metricName;

    public EvaluatorMetric(MeaiEvaluation.IEvaluator evaluator, EvaluatorMetricOptions options)
    {
        _evaluator = evaluator;
        _options = options;
        if (!(options.NumericMax > options.NumericMin))
            throw new ArgumentException($"EvaluatorMetricOptions: NumericMax ({options.NumericMax}) must be greater than NumericMin ({options.NumericMin}).", nameof(options));
        var names = evaluator.EvaluationMetricNames;
        _metricName = options.MetricName ?? (names.Count == 1 ? names.First() : throw new ArgumentException(
            $"{evaluator.GetType().Name} reports {names.Count} metrics ({string.Join(", ", names)}); choose one with EvaluatorMetricOptions.MetricName.", nameof(options)));
    }

    public string Name => _metricName;

    public async Task<MetricResult> ScoreAsync(MetricContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new ChatMessage(ChatRole.User, _options.Request?.Invoke(context.Example) ?? RequestText(context.Example));
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, _options.Response?.Invoke(context.Prediction) ?? ResponseText(context.Prediction)));
        var extra = _options.AdditionalContext?.Invoke(context)?.ToArray();
        var result = await _evaluator.EvaluateAsync([request], response, _options.ChatConfiguration, extra, cancellationToken).ConfigureAwait(false);
        if (!result.Metrics.TryGetValue(_metricName, out var metric))
            throw new InvalidOperationException($"{_evaluator.GetType().Name} returned no metric '{_metricName}'; it returned {string.Join(", ", result.Metrics.Keys)}.");
        return new MetricResult(Scale(metric), Feedback(metric));
    }

    private double Scale(MeaiEvaluation.EvaluationMetric metric) => metric switch
    {
        MeaiEvaluation.BooleanMetric { Value: { } b } => b ? 1 : 0,
        MeaiEvaluation.NumericMetric { Value: { } v } when double.IsFinite(v) =>
            Math.Clamp((v - _options.NumericMin) / (_options.NumericMax - _options.NumericMin), 0, 1),
        MeaiEvaluation.StringMetric { Interpretation: { } i } => i.Failed ? 0 : 1,
        MeaiEvaluation.StringMetric => throw new InvalidOperationException(
            $"Metric '{metric.Name}' is a string metric with no interpretation, so it has no score; choose a numeric or boolean metric."),
        _ => throw new InvalidOperationException(
            $"{_evaluator.GetType().Name} gave no value for '{metric.Name}'{Diagnostics(metric)}."),
    };

    private static string? Feedback(MeaiEvaluation.EvaluationMetric metric)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(metric.Reason)) parts.Add(metric.Reason!);
        if (metric.Interpretation is { } i)
            parts.Add($"Interpretation: {i.Rating}{(i.Failed ? ", failed" : "")}{(string.IsNullOrWhiteSpace(i.Reason) ? "" : $" ({i.Reason})")}.");
        if (metric.Diagnostics is { Count: > 0 } d) parts.Add(string.Join(" ", d.Select(x => $"{x.Severity}: {x.Message}")));
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    private static string Diagnostics(MeaiEvaluation.EvaluationMetric metric) =>
        metric.Diagnostics is { Count: > 0 } d ? ": " + string.Join("; ", d.Select(x => $"{x.Severity}: {x.Message}")) : "";

    internal static string RequestText(Example example)
    {
        var inputs = example.InputKeys.Count > 0 ? example.Inputs() : example;
        return inputs.Count == 1 ? MetricFields.Text(inputs.Values.First()) : Lines(inputs);
    }

    internal static string ResponseText(Prediction prediction) =>
        prediction.TryGetValue(Predictions.AnswerField, out var answer) ? MetricFields.Text(answer) : Lines(prediction);

    private static string Lines(FieldValues values) =>
        string.Join("\n", values.Select(kv => $"{kv.Key}: {MetricFields.Text(kv.Value)}"));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_metricName} ({_evaluator.GetType().Name})");
}
