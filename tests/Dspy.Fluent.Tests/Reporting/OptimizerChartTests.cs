using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static Dspy.Fluent.Tests.EvaluationFakes;

namespace Dspy.Fluent.Tests;

/// <summary>The trial chart of optimizers that keep no best score of their own, read from the SVG's text, not its pixels.</summary>
public sealed partial class OptimizerChartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OptimizerReport Report(params double?[] scores) => new()
    {
        Optimizer = "BootstrapFewShot", Trials = [.. scores.Select((s, i) => new OptimizerTrial($"example {i}", s, s == 1))],
    };

    [Fact]
    public void Without_the_optimizers_own_best_the_line_is_the_highest_score_so_far()
    {
        var report = Report(null, 0, 0.5, 0.25, 1, 0);

        var best = OptimizerChart.BestSoFar(report.Trials);

        Assert.Equal([(2, 0.0), (3, 0.5), (4, 0.5), (5, 1.0), (6, 1.0)], best);
    }

    [Fact]
    public void The_optimizers_own_best_so_far_wins_where_it_keeps_one()
    {
        OptimizerTrial[] trials = [new("baseline", 0.4, true) { BestSoFar = 0.4 }, new("minibatch", 0.9, false) { BestSoFar = 0.4 }, new("proposal", null, false)];

        var best = OptimizerChart.BestSoFar(trials);

        Assert.Equal([(1, 0.4), (2, 0.4), (3, 0.4)], best);
    }

    [Fact]
    public async Task A_bootstrap_chart_has_a_best_so_far_line_and_only_whole_trial_numbers_on_its_axis()
    {
        var result = await new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 3, Settings = new LMSettings { Client = EchoLM() } })
            .CompileAsync(Qa, Devset(3), Ct);

        var svg = XDocument.Parse(OptimizerChart.ToSvg(result.Report));

        Assert.Contains("best so far", Texts(svg).Select(t => t.Text));
        Assert.Equal([1.0, 2.0, 3.0], TrialTicks(svg)); // three trials: no tick at 1.5 or 2.5
    }

    private static IReadOnlyList<(string Text, double X, double Y)> Texts(XDocument svg) =>
        [.. svg.Descendants().Where(e => e.Name.LocalName == "text")
            .Select(e => (Text: e.Value.Trim(), At: Translate().Match((string?)e.Attribute("transform") ?? "")))
            .Where(t => t.At.Success) // the rotated score label has no plain position
            .Select(t => (t.Text, Number(t.At.Groups[1].Value), Number(t.At.Groups[2].Value)))];

    /// <summary>The bottom axis's tick labels: the numbers that share one baseline (each score tick has its own height).</summary>
    private static IReadOnlyList<double> TrialTicks(XDocument svg) =>
        [.. Texts(svg).Where(t => double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .GroupBy(t => t.Y).MaxBy(g => g.Count())!.OrderBy(t => t.X).Select(t => Number(t.Text))];

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"translate\(([-\d.]+) ([-\d.]+)\)")]
    private static partial Regex Translate();
}
