using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.AI;
using static Dspy.Fluent.Tests.EvaluationFakes;

namespace Dspy.Fluent.Tests;

/// <summary>The HTML report's score chart and token figures, read from its markup (the SVG section parsed as XML).</summary>
public sealed partial class HtmlReportChartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static XElement Chart(string html)
    {
        var section = ChartSection().Match(html);
        Assert.True(section.Success, "no score chart section");
        return XElement.Parse(section.Value);
    }

    private static IReadOnlyList<(string Label, int Count)> Bars(XElement chart) =>
        [.. chart.Descendants().Where(e => e.Name.LocalName == "rect")
            .Select(r => (r.Elements().Single(e => e.Name.LocalName == "title").Value.Split(':')[0], (int)r.Attribute("data-count")!))];

    private static Task<EvaluationResult> EvaluateAsync(IMetric metric, IChatClient lm, int count = 10) =>
        Evaluate.RunAsync(Qa, Devset(count), metric, new EvaluateOptions { MaxErrors = null, Settings = new LMSettings { Client = lm } }, Ct);

    [Fact]
    public async Task A_pass_fail_metric_is_drawn_as_two_bars_of_passed_and_failed_examples()
    {
        var result = await EvaluateAsync(Metrics.ExactMatch, EchoLM(fails: q => Number(q) % 4 == 0));

        var chart = Chart(HtmlReport.ToHtml(result));

        Assert.Equal([("passed", 7), ("failed", 3)], Bars(chart));
        Assert.Equal("Examples passed and failed", (string?)chart.Descendants().Single(e => e.Name.LocalName == "svg").Attribute("aria-label"));
    }

    [Fact]
    public async Task A_graded_metric_keeps_the_ten_bin_histogram()
    {
        var half = Metrics.Create("half", (example, prediction) => Number(example.GetText("question")) % 2 == 0 ? 0.5 : 1);
        var result = await EvaluateAsync(half, EchoLM());

        var bars = Bars(Chart(HtmlReport.ToHtml(result)));

        Assert.Equal(10, bars.Count);
        Assert.Equal(("0.5–0.6", 5), bars[5]);
        Assert.Equal(("0.9–1", 5), bars[9]);
    }

    [Fact]
    public async Task Rows_answered_from_the_cache_show_the_tokens_they_saved_as_cached_not_zero()
    {
        using var lm = new ChatClientBuilder(EchoLM()).UseDspyCache(LMCacheStores.Memory()).Build();
        var fresh = await EvaluateAsync(Metrics.ExactMatch, lm, count: 3);

        var cached = await EvaluateAsync(Metrics.ExactMatch, lm, count: 3);
        var html = HtmlReport.ToHtml(cached);

        Assert.Equal((0L, fresh.Usage.TotalTokens), (cached.Usage.TotalTokens, cached.Usage.CachedTokens));
        Assert.Contains($"<dt>Tokens</dt><dd>0 in / 0 out, {fresh.Usage.TotalTokens} cached</dd>", html);
        var tokenCells = TokenCell().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(fresh.Rows.Select(r => $"{r.Usage.TotalTokens} cached"), tokenCells);
    }

    [GeneratedRegex("<section id=\"histogram\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex ChartSection();

    // The Tokens cell of each row: the one after the Calls cell, sorted by the tokens used (0 for a cache hit).
    [GeneratedRegex("<td data-v=\"\\d+\">\\d+</td><td data-v=\"0\">([^<]*)</td>")]
    private static partial Regex TokenCell();
}
