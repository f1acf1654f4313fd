using static Dspy.Fluent.Tests.EvaluationFakes;

namespace Dspy.Fluent.Tests;

/// <summary>EvaluateOptions.ExtraMetrics: scores next to the main metric on every row, in the result and in the reports.</summary>
public sealed class ExtraMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>1 for even question numbers, 0.5 for odd ones: a score that differs from exact match.</summary>
    private static readonly IMetric Parity = Metrics.FromResult("parity", c => new MetricResult(Number(c.Example.GetText("question")) % 2 == 0 ? 1 : 0.5));

    private static readonly IMetric Length = Metrics.FromResult("answer_length", c => new MetricResult(Math.Min(1, c.Prediction.GetText("answer").Length / 10.0)));

    [Fact]
    public async Task Every_row_gets_each_extra_score_and_the_result_their_means_without_changing_the_main_score()
    {
        var result = await Evaluate.RunAsync(Qa, Devset(4), Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = EchoLM(q => q == "q3") }, ExtraMetrics = [Parity, Length], MaxErrors = null }, Ct);

        Assert.Equal(["parity", "answer_length"], result.ExtraScores.Keys);
        Assert.Equal([1, 0.5, 1, 0], result.Rows.Select(r => r.ExtraScores["parity"]));
        Assert.Equal([0.5, 0.5, 0.5, 0], result.Rows.Select(r => r.ExtraScores["answer_length"]));
        Assert.Equal(2.5 / 4, result.ExtraScores["parity"], 12);
        Assert.Equal(1.5 / 4, result.ExtraScores["answer_length"], 12);
        Assert.Equal(0.75, result.Score, 12);
        Assert.True(result.Rows[3].Failed);
    }

    [Fact]
    public async Task An_extra_metric_that_throws_fails_its_row_with_the_metric_named()
    {
        var broken = Metrics.FromResult("broken", c => c.Example.GetText("question") == "q1" ? throw new FormatException("cannot read q1") : MetricResult.Pass);

        var result = await Evaluate.RunAsync(Qa, Devset(3), Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = EchoLM() }, ExtraMetrics = [broken], MaxErrors = null }, Ct);

        Assert.Equal([null, "Metric 'broken' failed: FormatException: cannot read q1", null], result.Rows.Select(r => r.Error));
        Assert.Equal([1, 0, 1], result.Rows.Select(r => r.Score));
        Assert.Equal([1, 0, 1], result.Rows.Select(r => r.ExtraScores["broken"]));
    }

    [Fact]
    public async Task Metrics_sharing_a_name_are_rejected_before_anything_runs()
    {
        var lm = EchoLM();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Evaluate.RunAsync(Qa, Devset(3), Metrics.ExactMatch,
            new EvaluateOptions { Settings = new LMSettings { Client = lm }, ExtraMetrics = [Parity, Metrics.FromResult("parity", _ => MetricResult.Pass)] }, Ct));

        Assert.StartsWith("Two metrics of this evaluation are named 'parity'", error.Message);
        Assert.Equal(0, lm.CallCount);
    }

    [Fact]
    public async Task The_JSON_report_keeps_extra_scores_and_a_report_without_them_has_no_such_key()
    {
        var settings = new LMSettings { Client = EchoLM() };
        var with = await Evaluate.RunAsync(Qa, Devset(3), Metrics.ExactMatch, new EvaluateOptions { Settings = settings, ExtraMetrics = [Parity] }, Ct);
        var without = await Evaluate.RunAsync(Qa, Devset(3), Metrics.ExactMatch, new EvaluateOptions { Settings = settings }, Ct);

        var json = JsonReport.ToJson(with);
        var read = JsonReport.FromJson(json);

        Assert.Equal(with, read);
        Assert.Equal([1, 0.5, 1], read.Rows.Select(r => r.ExtraScores["parity"]));
        Assert.NotEqual(with.WithoutTimings(), with.WithoutTimings() with { ExtraScores = new Dictionary<string, double> { ["parity"] = 0 } });
        Assert.DoesNotContain("extra_scores", JsonReport.ToJson(without));
        Assert.Throws<FormatException>(() => JsonReport.FromJson(json.Replace("\"extra_scores\":{\"parity\":1}", "\"extra_scores\":{\"parity\":\"high\"}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_HTML_report_shows_extra_scores_in_the_summary_comparison_and_rows()
    {
        var settings = new LMSettings { Client = EchoLM() };
        var a = await Evaluate.RunAsync(Qa, Devset(2), Metrics.ExactMatch, new EvaluateOptions { Settings = settings, ExtraMetrics = [Parity], Title = "a" }, Ct);
        var b = await Evaluate.RunAsync(Qa, Devset(2), Metrics.ExactMatch, new EvaluateOptions { Settings = settings, Title = "b" }, Ct);

        var html = HtmlReport.ToHtml([a, b], "two");

        Assert.Contains("<th data-metric=\"parity\">parity</th>", html);
        Assert.Contains("<td class=\"score\" data-metric=\"parity\" data-v=\"0.75\">75%</td>", html);
        Assert.Contains("<td class=\"score\" data-metric=\"parity\">—</td>", html);
        Assert.Contains("<dt>parity</dt><dd>75%</dd>", html);
        Assert.Contains("<th data-type=\"num\" data-metric=\"parity\">parity</th>", html);
    }
}
