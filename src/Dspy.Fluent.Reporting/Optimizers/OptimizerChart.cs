using System.Text;
using ScottPlot;

namespace Dspy.Fluent;

/// <summary>
/// Draws an optimizer run as a score-per-trial chart (ScottPlot): one series of points per trial phase (e.g. minibatch
/// and full evaluations) and the best score so far as a step line, over whole trial numbers. PNG or SVG.
/// </summary>
/// <remarks>
/// <para>The best-so-far line is the optimizer's own (<see cref="OptimizerTrial.BestSoFar"/>) where it keeps one; for a trial
/// without one (a bootstrap's examples, random search's candidates) it is the highest score up to that trial, so every
/// optimizer that scores its trials gets the line.</para>
/// <para>The title says so when the run was on a stand-in LM (<see cref="LMIdentity.IsStandIn"/>), not a model.</para>
/// </remarks>
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
        var best = BestSoFar(report.Trials);
        if (best.Count > 0)
        {
            var line = plot.Add.Scatter(best.Select(p => (double)p.Number).ToArray(), best.Select(p => p.Best).ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = Colors.Black;
            line.LegendText = "best so far";
        }
        var simulated = report.LM.IsStandIn ? " (stand-in LM, not a model)" : "";
        plot.Title($"{report.Optimizer}: score per trial{simulated}");
        plot.XLabel("trial");
        // Trials are counted: a tick at 2.5 would name a trial that does not exist.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.YLabel("score");
        var values = scored.Select(p => p.Trial.Score!.Value).Concat(best.Select(p => p.Best)).ToList();
        if (values.Count == 0 || values.All(v => v is >= 0 and <= 1)) plot.Axes.SetLimitsY(-0.02, 1.02);
        if (scored.Count + best.Count > 0) plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>The best score after each trial (numbered from 1): the optimizer's <see cref="OptimizerTrial.BestSoFar"/> where it
    /// gave one, else the highest score so far; trials before the first score have none.</summary>
    internal static IReadOnlyList<(int Number, double Best)> BestSoFar(IReadOnlyList<OptimizerTrial> trials)
    {
        var points = new List<(int, double)>();
        double? best = null;
        for (var i = 0; i < trials.Count; i++)
        {
            best = trials[i].BestSoFar ?? (trials[i].Score is { } score && !(best >= score) ? score : best);
            if (best is { } b) points.Add((i + 1, b));
        }
        return points;
    }
}
