using Microsoft.Extensions.AI;
using MeaiEvaluation = Microsoft.Extensions.AI.Evaluation;

namespace Dspy.Fluent;

/// <summary>A Dspy.Fluent metric as a Microsoft.Extensions.AI.Evaluation <see cref="MeaiEvaluation.IEvaluator"/>.</summary>
/// <remarks>
/// <para>The example (with its labels) comes from an <see cref="ExampleEvaluationContext"/> in the additional context;
/// without one, the last user message becomes an example with a single <c>question</c> input and no labels (enough for
/// metrics that need no label). The prediction is the response text as <c>answer</c> unless
/// <see cref="MetricEvaluatorOptions.ReadPrediction"/> says otherwise.</para>
/// <para>The result is one <see cref="MeaiEvaluation.NumericMetric"/> named after the metric, valued in [0, 1], with the
/// feedback as its reason and an interpretation: rating by score (below 0.2 unacceptable, 0.4 poor, 0.6 average, 0.8
/// good, else exceptional) and failed when the score does not pass. A metric that throws gives a metric with no value
/// and an error diagnostic, as evaluators report failures.</para>
/// </remarks>
/// <example>
/// <code>
/// IEvaluator evaluator = Metrics.ExactMatch.AsEvaluator();
/// var result = await evaluator.EvaluateAsync(messages, response, additionalContext: [new ExampleEvaluationContext(example)]);
/// </code>
/// </example>
public sealed class MetricEvaluator : MeaiEvaluation.IEvaluator
{
    private readonly IMetric _metric;
    private readonly MetricEvaluatorOptions _options;

    /// <summary>Wraps <paramref name="metric"/>.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="options">Options; defaults when null.</param>
    public MetricEvaluator(IMetric metric, MetricEvaluatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metric = metric;
        _options = options ?? new MetricEvaluatorOptions();
        EvaluationMetricNames = [metric.Name];
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; }

    /// <inheritdoc />
    public async ValueTask<MeaiEvaluation.EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse,
        MeaiEvaluation.ChatConfiguration? chatConfiguration = null, IEnumerable<MeaiEvaluation.EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        var example = additionalContext?.OfType<ExampleEvaluationContext>().FirstOrDefault()?.Example
            ?? Example.Create("question", messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "").WithInputs("question");
        var prediction = _options.ReadPrediction?.Invoke(modelResponse) ?? Prediction.Empty.With(Predictions.AnswerField, modelResponse.Text);
        var metric = new MeaiEvaluation.NumericMetric(_metric.Name);
        try
        {
            var result = await _metric.ScoreAsync(new MetricContext(example, prediction) { Output = prediction }, cancellationToken).ConfigureAwait(false);
            metric.Value = result.Score;
            metric.Reason = result.Feedback;
            var failed = !result.Passes(_options.PassThreshold);
            metric.Interpretation = new MeaiEvaluation.EvaluationMetricInterpretation(Rating(result.Score), failed,
                failed ? $"{_metric.Name} scored {result.Score:0.###}, which does not pass." : null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MeaiEvaluation.EvaluationMetricExtensions.AddDiagnostics(metric, MeaiEvaluation.EvaluationDiagnostic.Error($"{_metric.Name} could not score: {e.Message}"));
        }
        return new MeaiEvaluation.EvaluationResult(metric);
    }

    private static MeaiEvaluation.EvaluationRating Rating(double score) => score switch
    {
        < 0.2 => MeaiEvaluation.EvaluationRating.Unacceptable,
        < 0.4 => MeaiEvaluation.EvaluationRating.Poor,
        < 0.6 => MeaiEvaluation.EvaluationRating.Average,
        < 0.8 => MeaiEvaluation.EvaluationRating.Good,
        _ => MeaiEvaluation.EvaluationRating.Exceptional,
    };
}
