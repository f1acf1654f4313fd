using System.Text;
using ScottPlot;

namespace Dspy.Fluent;

/// <summary>
/// Draws an optimizer run as a score-per-trial chart (ScottPlot): one series of points per trial phase (e.g. minibatch
/// and full evaluations) and the best score so far as a step line. PNG or SVG.
/// </summary>
/// <remarks>The title says so when the run was on a stand-in LM (<see cref="LMIdentity.IsStandIn"/>), not a model.</remarks>
/// <example>
/// <code>
/// var result = await new COPRO(Metrics.ExactMatch).CompileAsync(program, trainset);
/// OptimizerChart.Save(result.Report, "copro.svg");
/// </code>
/// </example>
public static class OptimizerChart
{
    /// <summary>Writes the chart to <paramref name="path"/>, as PNG or SVG by its extension.</summary>
    /// <param name="report">An optimizer's report.</param>
    /// <param name="path">A <c>.png</c> or <c>.svg</c> file; its folder is created.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <exception cref="ArgumentException">The extension is neither <c>.png</c> nor <c>.svg</c>.</exception>
    public static void Save(OptimizerReport report, string path, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(report);
        CheckPath(path, nameof(path));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (IsSvg(path)) File.WriteAllText(full, ToSvg(report, width, height), new UTF8Encoding(false));
        else File.WriteAllBytes(full, ToPng(report, width, height));
    }

    /// <summary>The chart as PNG bytes.</summary>
    /// <param name="report">An optimizer's report.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static byte[] ToPng(OptimizerReport report, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var plot = Draw(report);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The chart as an SVG document.</summary>
    /// <param name="report">An optimizer's report.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static string ToSvg(OptimizerReport report, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var plot = Draw(report);
        return plot.GetSvgXml(width, height);
    }

    /// <summary>Throws unless <paramref name="path"/> ends in <c>.png</c> or <c>.svg</c>.</summary>
    internal static void CheckPath(string? path, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameter);
        var extension = Path.GetExtension(path);
        if (!extension.Equals(".png", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".svg", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The chart path '{path}' must end in .png or .svg.", parameter);
    }

    private static bool IsSvg(string path) => Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase);

    private static Plot Draw(OptimizerReport report)
    {
        var plot = new Plot();
        var scored = report.Trials.Select((t, i) => (Trial: t, Number: i + 1)).Where(p => p.Trial.Score is not null).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var series = 0;
        foreach (var phase in scored.GroupBy(p => p.Trial.Phase ?? "trial"))
        {
            var points = plot.Add.ScatterPoints(phase.Select(p => (double)p.Number).ToArray(), phase.Select(p => p.Trial.Score!.Value).ToArray());
            points.LegendText = phase.Key;
            points.Color = palette.GetColor(series++);
            points.MarkerSize = 7;
        }
        var best = report.Trials.Select((t, i) => (t.BestSoFar, Number: i + 1)).Where(p => p.BestSoFar is not null).ToList();
        if (best.Count > 0)
        {
            var line = plot.Add.Scatter(best.Select(p => (double)p.Number).ToArray(), best.Select(p => p.BestSoFar!.Value).ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = Colors.Black;
            line.LegendText = "best so far";
        }
        var simulated = report.LM.IsStandIn ? " (stand-in LM, not a model)" : "";
        plot.Title($"{report.Optimizer}: score per trial{simulated}");
        plot.XLabel("trial");
        plot.YLabel("score");
        var values = scored.Select(p => p.Trial.Score!.Value).Concat(best.Select(p => p.BestSoFar!.Value)).ToList();
        if (values.Count == 0 || values.All(v => v is >= 0 and <= 1)) plot.Axes.SetLimitsY(-0.02, 1.02);
        if (scored.Count + best.Count > 0) plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
