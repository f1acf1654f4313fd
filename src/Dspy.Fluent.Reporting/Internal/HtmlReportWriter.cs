using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Dspy.Fluent.Internal;

/// <summary>Builds the <see cref="HtmlReport"/> page: server-rendered summary, score chart and table; prompts in a JSON block rendered on demand.</summary>
internal static class HtmlReportWriter
{
    private const int CellLength = 160;

    private static readonly JavaScriptEncoder DataEncoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    public static string Write(EvaluationResult result) =>
        Write([result], result.Title is null ? $"Evaluation: {result.Metric}" : $"{result.Title}: {result.Metric}");

    /// <summary>One page for several evaluations (e.g. one per program): a comparison table, then a section per result.</summary>
    public static string Write(IReadOnlyList<EvaluationResult> results, string title)
    {
        var sb = new StringBuilder(4096 + results.Sum(r => r.Rows.Count) * 600);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
          .Append(E(title)).Append("</title>\n<style>").Append(HtmlReportAssets.Css).Append("</style>\n</head>\n<body>\n");
        sb.Append("<header>\n<h1>").Append(E(title)).Append("</h1>\n");
        foreach (var lm in results.Select(r => r.LM).Distinct())
            sb.Append("<p class=\"lm").Append(lm.IsStandIn ? " stand-in" : "").Append("\">").Append(E(lm.Describe())).Append("</p>\n");
        sb.Append("</header>\n");
        if (results.Count > 1) WriteComparison(sb, results);
        for (var i = 0; i < results.Count; i++)
        {
            // The first section keeps plain ids so a one-result page (and links to #row-N) stay as they always were.
            var suffix = i == 0 ? "" : F($"-{i}");
            sb.Append("<section class=\"result\" id=\"result").Append(suffix).Append("\">\n");
            if (results.Count > 1) sb.Append("<h2 class=\"program\">").Append(E(results[i].Title ?? results[i].Metric)).Append("</h2>\n");
            WriteSummary(sb, results[i], suffix);
            WriteHistogram(sb, results[i]);
            WriteTable(sb, results[i], suffix);
            sb.Append("<script type=\"application/json\" class=\"dspy-data\">").Append(Data(results[i])).Append("</script>\n</section>\n");
        }
        sb.Append("<script>").Append(HtmlReportAssets.Script).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void WriteComparison(StringBuilder sb, IReadOnlyList<EvaluationResult> results)
    {
        var extras = results.SelectMany(r => r.ExtraScores.Keys).Distinct(StringComparer.Ordinal).ToArray();
        sb.Append("<section id=\"comparison\">\n<h2>Comparison</h2>\n<table class=\"comparison\">\n<thead><tr><th>Program</th><th>Metric</th><th>Score</th>");
        foreach (var name in extras) sb.Append("<th data-metric=\"").Append(E(name)).Append("\">").Append(E(name)).Append("</th>");
        sb.Append("<th>Examples</th><th>Failed</th><th>LM calls</th><th>Cache hits</th><th>Tokens</th><th>Seconds</th></tr></thead>\n<tbody>\n");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            sb.Append("<tr><td><a href=\"#result").Append(i == 0 ? "" : F($"-{i}")).Append("\">").Append(E(r.Title ?? F($"#{i + 1}"))).Append("</a></td><td>")
              .Append(E(r.Metric)).Append("</td><td class=\"score\" data-metric=\"").Append(E(r.Metric)).Append("\" data-v=\"").Append(F($"{r.Score:R}")).Append("\">")
              .Append(F($"{r.Percent:0.##}%")).Append("</td>");
            foreach (var name in extras)
            {
                sb.Append("<td class=\"score\" data-metric=\"").Append(E(name)).Append('"');
                if (r.ExtraScores.TryGetValue(name, out var extra)) sb.Append(" data-v=\"").Append(F($"{extra:R}")).Append("\">").Append(F($"{Math.Round(100 * extra, 2):0.##}%"));
                else sb.Append(">—");
                sb.Append("</td>");
            }
            sb.Append("<td>").Append(F($"{r.Rows.Count}"))
              .Append("</td><td>").Append(F($"{r.ErrorCount}")).Append("</td><td>").Append(F($"{r.Usage.LMCalls}")).Append("</td><td>")
              .Append(F($"{r.Usage.CacheHits}")).Append("</td><td>").Append(E(Tokens(r.Usage))).Append("</td><td>")
              .Append(F($"{r.WallTime.TotalSeconds:0.##}")).Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteSummary(StringBuilder sb, EvaluationResult r, string suffix)
    {
        var fullScore = r.Rows.Count(x => x.Score >= 1);
        sb.Append("<section id=\"summary").Append(suffix).Append("\" class=\"summary\">\n<div class=\"score\">").Append(F($"{r.Percent:0.##}")).Append("<span>%</span></div>\n<dl>\n");
        Item(sb, "Metric", r.Metric);
        foreach (var (name, score) in r.ExtraScores) Item(sb, name, F($"{Math.Round(100 * score, 2):0.##}%"));
        Item(sb, "Examples", F($"{r.Rows.Count} ({fullScore} at full score)"));
        Item(sb, "Failed", F($"{r.ErrorCount}"));
        Item(sb, "LM calls", F($"{r.Usage.LMCalls} ({r.Usage.CacheHits} cache hits)"));
        Item(sb, "Tokens", F($"{r.Usage.InputTokens} in / {r.Usage.OutputTokens} out") + (r.Usage.CachedTokens > 0 ? F($", {r.Usage.CachedTokens} cached") : ""));
        Item(sb, "Wall time", F($"{r.WallTime.TotalSeconds:0.###} s at concurrency {r.Concurrency}"));
        Item(sb, "Started", r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        sb.Append("</dl>\n</section>\n");
    }

    private static void Item(StringBuilder sb, string term, string value) =>
        sb.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    /// <summary>The scores as bars: passed and failed for a pass/fail metric (every score 0 or 1), where ten bins would leave
    /// eight empty; a ten-bin histogram otherwise.</summary>
    private static void WriteHistogram(StringBuilder sb, EvaluationResult r)
    {
        const int barWidth = 36, gap = 6, height = 120, top = 16, bottom = 34;
        var passFail = r.Rows.Count > 0 && r.Rows.All(row => row.Score is 0 or 1);
        var bars = passFail ? PassFailBars(r) : HistogramBars(r);
        var max = Math.Max(1, bars.Max(b => b.Count));
        var width = bars.Length * (barWidth + gap) + gap;
        var about = passFail ? "Examples passed and failed" : "Histogram of scores";
        sb.Append("<section id=\"histogram\">\n<h2>Scores</h2>\n")
          .Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + top + bottom}\" role=\"img\" aria-label=\"{about}\">\n"));
        for (var i = 0; i < bars.Length; i++)
        {
            var (label, count) = bars[i];
            var h = (int)Math.Round((double)count / max * height);
            var x = gap + i * (barWidth + gap);
            sb.Append(F($"<rect x=\"{x}\" y=\"{top + height - h}\" width=\"{barWidth}\" height=\"{h}\" class=\"bar\" data-count=\"{count}\"><title>{E(label)}: {count}</title></rect>"))
              .Append(F($"<text x=\"{x + barWidth / 2}\" y=\"{top + height - h - 3}\" class=\"count\">{count}</text>"))
              .Append(F($"<text x=\"{x + barWidth / 2}\" y=\"{top + height + 14}\" class=\"axis\">{E(label)}</text>\n"));
        }
        sb.Append("</svg>\n</section>\n");
    }

    private static (string Label, int Count)[] PassFailBars(EvaluationResult r)
    {
        var passed = r.Rows.Count(row => row.Score == 1);
        return [("passed", passed), ("failed", r.Rows.Count - passed)];
    }

    private static (string Label, int Count)[] HistogramBars(EvaluationResult r)
    {
        const int bins = 10;
        var counts = new int[bins];
        foreach (var row in r.Rows) counts[Math.Min(bins - 1, (int)Math.Floor(row.Score * bins))]++;
        return [.. counts.Select((count, i) => (i == bins - 1 ? "0.9–1" : F($"{i / 10.0:0.0}–{(i + 1) / 10.0:0.0}"), count))];
    }

    /// <summary>Tokens used, with what cache hits saved shown as cached: a row answered from the cache used none, and "0" alone
    /// would read as if its calls were free or broken.</summary>
    private static string Tokens(EvaluationUsage usage) => (usage.TotalTokens, usage.CachedTokens) switch
    {
        (_, 0) when usage.CacheHits > 0 && usage.TotalTokens == 0 => "cached",
        (var total, 0) => F($"{total}"),
        (0, var cached) => F($"{cached} cached"),
        var (total, cached) => F($"{total} + {cached} cached"),
    };

    private static void WriteTable(StringBuilder sb, EvaluationResult r, string suffix)
    {
        sb.Append("<section id=\"examples\">\n<h2>Examples</h2>\n<p class=\"hint\">Click a column to sort, a row to see its prompts and replies.</p>\n")
          .Append("<table class=\"rows\" id=\"rows").Append(suffix).Append("\">\n<thead><tr><th data-type=\"num\">#</th><th>Input</th><th>Expected</th><th>Prediction</th>")
          .Append("<th data-type=\"num\">Score</th>");
        foreach (var name in r.ExtraScores.Keys) sb.Append("<th data-type=\"num\" data-metric=\"").Append(E(name)).Append("\">").Append(E(name)).Append("</th>");
        sb.Append("<th>Feedback / error</th><th data-type=\"num\">Calls</th><th data-type=\"num\">Tokens</th><th data-type=\"num\">ms</th></tr></thead>\n<tbody>\n");
        for (var i = 0; i < r.Rows.Count; i++)
        {
            var row = r.Rows[i];
            sb.Append("<tr class=\"row").Append(row.Failed ? " failed" : row.Score >= 1 ? " pass" : "").Append("\" data-i=\"").Append(i).Append("\">");
            Cell(sb, F($"{row.Index}"), F($"{row.Index}"));
            Cell(sb, Short(InputText(row.Example)));
            Cell(sb, Short(ExpectedText(row.Example)));
            Cell(sb, row.Prediction is null ? "—" : Short(PredictionText(row.Prediction)));
            Cell(sb, F($"{row.Score:0.###}"), F($"{row.Score:R}"));
            foreach (var name in r.ExtraScores.Keys)
            {
                var extra = row.ExtraScores.GetValueOrDefault(name);
                Cell(sb, F($"{extra:0.###}"), F($"{extra:R}"));
            }
            Cell(sb, Short(row.Error ?? row.Feedback ?? ""), null, row.Failed ? "err" : null);
            Cell(sb, F($"{row.Usage.LMCalls}"), F($"{row.Usage.LMCalls}"));
            Cell(sb, Tokens(row.Usage), F($"{row.Usage.TotalTokens}"));
            Cell(sb, F($"{row.Elapsed.TotalMilliseconds:0}"), F($"{row.Elapsed.TotalMilliseconds:R}"));
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Cell(StringBuilder sb, string text, string? sortValue = null, string? cssClass = null)
    {
        sb.Append("<td");
        if (cssClass is not null) sb.Append(" class=\"").Append(cssClass).Append('"');
        if (sortValue is not null) sb.Append(" data-v=\"").Append(E(sortValue)).Append('"');
        sb.Append('>').Append(E(text)).Append("</td>");
    }

    /// <summary>Full field values and every LM call per row; texts shared across rows are stored once and referenced by index.</summary>
    private static string Data(EvaluationResult r)
    {
        var shared = SharedTexts.Build(r);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = DataEncoder }))
        {
            w.WriteStartObject();
            w.WriteStartArray("texts");
            foreach (var t in shared.Texts) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var row in r.Rows)
            {
                w.WriteStartObject();
                w.WritePropertyName("example");
                Fields(w, row.Example);
                if (row.Prediction is not null)
                {
                    w.WritePropertyName("prediction");
                    Fields(w, row.Prediction);
                }
                if (row.Feedback is not null) w.WriteString("feedback", row.Feedback);
                if (row.Error is not null) w.WriteString("error", row.Error);
                w.WriteStartArray("calls");
                foreach (var call in row.Calls)
                {
                    w.WriteStartObject();
                    w.WriteString("predictor", call.Predictor);
                    w.WriteString("about", $"{call.Model ?? "unknown model"}, {call.Adapter}{(call.CacheHit ? ", cache hit" : "")}");
                    w.WriteStartArray("messages");
                    foreach (var m in call.Messages)
                    {
                        w.WriteStartArray();
                        w.WriteStringValue(m.Role.Value);
                        if (shared.IndexOf(m.Text) is { } index) w.WriteNumberValue(index); else w.WriteStringValue(m.Text);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteString("reply", call.Error is null ? call.Reply : $"(failed) {call.Error}");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Fields(Utf8JsonWriter w, FieldValues values)
    {
        w.WriteStartObject();
        foreach (var key in values.Keys) w.WriteString(key, values.GetText(key));
        w.WriteEndObject();
    }

    private static string InputText(Example example)
    {
        var inputs = example.InputKeys.Count > 0 ? example.InputKeys : example.Keys.Take(1).ToList();
        return inputs.Count == 1 ? example.GetText(inputs[0]) : string.Join("; ", inputs.Select(k => $"{k}: {example.GetText(k)}"));
    }

    private static string ExpectedText(Example example)
    {
        if (example.ContainsKey(Predictions.AnswerField)) return string.Join(" | ", MetricFields.Texts(example[Predictions.AnswerField]));
        var labels = example.Labels();
        return labels.Count == 0 ? "" : string.Join("; ", labels.Keys.Select(k => $"{k}: {labels.GetText(k)}"));
    }

    private static string PredictionText(Prediction prediction) =>
        prediction.ContainsKey(Predictions.AnswerField) ? prediction.GetText(Predictions.AnswerField)
            : string.Join("; ", prediction.Keys.Where(k => k != Predict.ReasoningField).Select(k => $"{k}: {prediction.GetText(k)}"));

    private static string Short(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        if (oneLine.Length <= CellLength) return oneLine;
        var cut = char.IsHighSurrogate(oneLine[CellLength - 1]) ? CellLength - 1 : CellLength;
        return oneLine[..cut] + "…";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
