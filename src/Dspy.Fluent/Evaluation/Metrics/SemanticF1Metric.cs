using System.Globalization;

namespace Dspy.Fluent;

/// <summary>DSPy's SemanticF1: a chain-of-thought judge estimates recall and precision; the score is their F1.</summary>
internal sealed class SemanticF1Metric : IMetric
{
    // DSPy's SemanticRecallPrecision and DecompositionalSemanticRecallPrecision signatures, wording kept so prompts match.
    private const string Instructions =
        "Compare a system's response to the ground truth to compute its recall and precision.\n" +
        "If asked to reason, enumerate key ideas in each response, and whether they are present in the other response.";

    private const string DecompositionalInstructions =
        "Compare a system's response to the ground truth to compute recall and precision of key ideas.\n" +
        "You will first enumerate key ideas in each response, discuss their overlap, and then report recall and precision.";

    private const string RecallDescription = "fraction (out of 1.0) of ground truth covered by the system response";
    private const string PrecisionDescription = "fraction (out of 1.0) of system response covered by the ground truth";

    private readonly SemanticF1Options _options;
    private readonly Predictor<Example, Prediction> _judge;

    public SemanticF1Metric(SemanticF1Options options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.PredictorName);
        if (!(options.Threshold >= 0 && options.Threshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.Threshold, "SemanticF1Options.Threshold must be in [0, 1].");
        _options = options;
        _judge = Predict.ChainOfThought(options.PredictorName, JudgeSignature(options.Decompositional));
    }

    public string Name => "semantic_f1";

    /// <summary>The judge's signature: inputs question, ground_truth, system_response; outputs recall and precision (floats).</summary>
    internal static Signature JudgeSignature(bool decompositional)
    {
        var signature = Signature.Create(decompositional ? DecompositionalInstructions : Instructions)
            .WithInput("question").WithInput("ground_truth").WithInput("system_response");
        if (decompositional)
            signature = signature
                .WithOutput("ground_truth_key_ideas", "enumeration of key ideas in the ground truth")
                .WithOutput("system_response_key_ideas", "enumeration of key ideas in the system response")
                .WithOutput("discussion", "discussion of the overlap between ground truth and system response");
        return signature
            .WithOutput("recall", RecallDescription, FieldType.Float)
            .WithOutput("precision", PrecisionDescription, FieldType.Float)
            .WithName(decompositional ? "DecompositionalSemanticRecallPrecision" : "SemanticRecallPrecision");
    }

    public async Task<MetricResult> ScoreAsync(MetricContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var referenceField = _options.ReferenceField ?? (context.Example.ContainsKey("response") ? "response" : Predictions.AnswerField);
        var responseField = _options.ResponseField ?? (context.Prediction.ContainsKey("response") ? "response" : Predictions.AnswerField);
        var inputs = Example.Create("question", MetricFields.Text(context.Example.TryGetValue(_options.QuestionField, out var q) ? q
                : throw new KeyNotFoundException($"semantic_f1 needs the example's question in '{_options.QuestionField}'; its fields are {string.Join(", ", context.Example.Keys)}.")))
            .With("ground_truth", string.Join("\n", MetricFields.Answers(context.Example, referenceField)))
            .With("system_response", MetricFields.Predicted(context.Prediction, responseField))
            .WithInputs("question", "ground_truth", "system_response");

        var judged = await _judge.RunAsync(inputs, _options.Settings, cancellationToken).ConfigureAwait(false);
        var recall = Math.Clamp(judged.Get<double>("recall"), 0, 1);
        var precision = Math.Clamp(judged.Get<double>("precision"), 0, 1);
        var f1 = precision + recall == 0 ? 0 : 2 * (precision * recall) / (precision + recall);
        var score = context.IsBootstrapping ? (f1 >= _options.Threshold ? 1 : 0) : f1;
        var feedback = $"recall {recall.ToString("0.###", CultureInfo.InvariantCulture)}, precision {precision.ToString("0.###", CultureInfo.InvariantCulture)}";
        if (judged.GetText(Predict.ReasoningField) is { Length: > 0 } reasoning) feedback += $". Judge: {reasoning}";
        return new MetricResult(score, feedback);
    }
}
