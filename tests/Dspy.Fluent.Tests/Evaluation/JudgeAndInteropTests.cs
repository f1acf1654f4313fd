using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Dspy.Fluent.Tests;

public sealed class JudgeAndInteropTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Example Example = Dspy.Fluent.Example.Create("question", "Who built the engine?")
        .With("answer", "Charles Babbage").WithInputs("question");

    private static ScriptedChatClient Judge(double recall, double precision) => ScriptedChatClient.InOrder(
        new Dictionary<string, object?> { ["reasoning"] = "Both name Babbage.", ["recall"] = recall, ["precision"] = precision });

    /// <summary>An evaluator with a fixed result, as Microsoft.Extensions.AI.Evaluation evaluators report.</summary>
    private sealed class FixedEvaluator(params EvaluationMetric[] metrics) : IEvaluator
    {
        public List<string> Requests { get; } = [];

        public IReadOnlyCollection<string> EvaluationMetricNames => metrics.Select(m => m.Name).ToArray();

        public ValueTask<Microsoft.Extensions.AI.Evaluation.EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse,
            ChatConfiguration? chatConfiguration = null, IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
        {
            Requests.Add($"{messages.Last().Text} => {modelResponse.Text}");
            return ValueTask.FromResult(new Microsoft.Extensions.AI.Evaluation.EvaluationResult(metrics));
        }
    }

    [Fact]
    public async Task Semantic_F1_asks_the_judge_for_recall_and_precision_and_scores_their_F1()
    {
        var lm = Judge(recall: 1.0, precision: 0.5);
        var metric = Metrics.SemanticF1(new SemanticF1Options { Settings = new LMSettings { Client = lm } });

        var result = await metric.ScoreAsync(MetricContext.ForOutput(Example, "Babbage, with help from Ada Lovelace"), Ct);

        Assert.Equal(2 * 0.5 / 1.5, result.Score, 12);
        Assert.StartsWith("recall 1, precision 0.5. Judge: Both name Babbage.", result.Feedback);
        var prompt = lm.Requests[0].Messages;
        Assert.Contains("Compare a system's response to the ground truth to compute its recall and precision.", prompt[0].Text);
        Assert.Contains("`recall` (float): fraction (out of 1.0) of ground truth covered by the system response", prompt[0].Text);
        Assert.Contains("[[ ## ground_truth ## ]]\nCharles Babbage", prompt[^1].Text);
        Assert.Contains("[[ ## system_response ## ]]\nBabbage, with help from Ada Lovelace", prompt[^1].Text);
    }

    [Fact]
    public async Task Semantic_F1_is_a_pass_fail_gate_at_its_threshold_while_bootstrapping()
    {
        var metric = Metrics.SemanticF1(new SemanticF1Options { Settings = new LMSettings { Client = Judge(0.6, 0.6) } });

        var evaluating = await metric.ScoreAsync(MetricContext.ForOutput(Example, "Babbage"), Ct);
        var gate = await metric.ScoreAsync(MetricContext.ForOutput(Example, "Babbage") with { IsBootstrapping = true }, Ct);

        Assert.Equal(0.6, evaluating.Score, 12);
        Assert.Equal(0, gate.Score); // 0.6 < 0.66
    }

    [Fact]
    public async Task Semantic_F1_uses_the_ambient_LM_when_none_is_configured()
    {
        var lm = Judge(1, 1);
        using var scope = LMSettings.Use(lm);

        var result = await Metrics.SemanticF1().ScoreAsync(MetricContext.ForOutput(Example, "Charles Babbage"), Ct);

        Assert.Equal(1, result.Score);
        Assert.Equal(1, lm.CallCount);
    }

    [Fact]
    public async Task A_numeric_evaluator_rating_on_one_to_five_is_scaled_to_zero_to_one()
    {
        var evaluator = new FixedEvaluator(new NumericMetric("Relevance", 4, "Mostly relevant."));
        var metric = EvaluatorMetrics.FromEvaluator(evaluator);

        var result = await metric.ScoreAsync(MetricContext.ForOutput(Example, "Babbage"), Ct);

        Assert.Equal("Relevance", metric.Name);
        Assert.Equal(0.75, result.Score);
        Assert.Equal("Mostly relevant.", result.Feedback);
        Assert.Equal(["Who built the engine? => Babbage"], evaluator.Requests);
    }

    [Fact]
    public async Task A_boolean_evaluator_metric_scores_one_or_zero_and_a_fraction_range_can_be_set()
    {
        var both = new FixedEvaluator(new BooleanMetric("Grounded", false), new NumericMetric("Overlap", 0.25));

        var grounded = await EvaluatorMetrics.FromEvaluator(both, new EvaluatorMetricOptions { MetricName = "Grounded" })
            .ScoreAsync(MetricContext.ForOutput(Example, "x"), Ct);
        var overlap = await EvaluatorMetrics.FromEvaluator(both, new EvaluatorMetricOptions { MetricName = "Overlap", NumericMin = 0, NumericMax = 1 })
            .ScoreAsync(MetricContext.ForOutput(Example, "x"), Ct);

        Assert.Equal(0, grounded.Score);
        Assert.Equal(0.25, overlap.Score);
    }

    [Fact]
    public void An_evaluator_with_several_metrics_needs_one_chosen()
    {
        var both = new FixedEvaluator(new BooleanMetric("A", true), new BooleanMetric("B", true));

        var error = Assert.Throws<ArgumentException>(() => EvaluatorMetrics.FromEvaluator(both));

        Assert.Contains("choose one with EvaluatorMetricOptions.MetricName", error.Message);
    }

    [Fact]
    public async Task An_evaluator_metric_without_a_value_is_an_error_carrying_its_diagnostics()
    {
        var empty = new NumericMetric("Relevance");
        empty.AddDiagnostics(EvaluationDiagnostic.Error("the judge timed out"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EvaluatorMetrics.FromEvaluator(new FixedEvaluator(empty)).ScoreAsync(MetricContext.ForOutput(Example, "x"), Ct));

        Assert.Contains("the judge timed out", error.Message);
    }

    [Fact]
    public async Task Our_metric_as_an_evaluator_reads_the_example_from_the_context_and_reports_a_numeric_metric()
    {
        IEvaluator evaluator = Metrics.ExactMatch.AsEvaluator();

        var pass = await evaluator.EvaluateAsync([new ChatMessage(ChatRole.User, "Who built the engine?")],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "charles babbage")), additionalContext: [new ExampleEvaluationContext(Example)], cancellationToken: Ct);
        var fail = await evaluator.EvaluateAsync([new ChatMessage(ChatRole.User, "Who built the engine?")],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "Ada")), additionalContext: [new ExampleEvaluationContext(Example)], cancellationToken: Ct);

        var passed = pass.Get<NumericMetric>("exact_match");
        var failed = fail.Get<NumericMetric>("exact_match");
        Assert.Equal(1, passed.Value);
        Assert.False(passed.Interpretation!.Failed);
        Assert.Equal(0, failed.Value);
        Assert.True(failed.Interpretation!.Failed);
        Assert.Equal("Expected \"Charles Babbage\", got \"Ada\".", failed.Reason);
    }

    [Fact]
    public async Task Our_metric_as_an_evaluator_reports_a_failure_as_an_error_diagnostic()
    {
        IEvaluator evaluator = Metrics.ExactMatch.AsEvaluator();

        var result = await evaluator.EvaluateAsync([new ChatMessage(ChatRole.User, "Who built the engine?")],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "Ada")), cancellationToken: Ct);

        var metric = result.Get<NumericMetric>("exact_match");
        Assert.Null(metric.Value);
        Assert.Contains(metric.Diagnostics!, d => d.Severity == EvaluationDiagnosticSeverity.Error && d.Message.Contains("no label 'answer'"));
    }
}
