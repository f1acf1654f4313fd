using System.Globalization;
using Spectre.Console;

namespace Dspy.Fluent;

/// <summary>Writes an <see cref="EvaluationResult"/> to a console as a summary and a table (Spectre.Console).</summary>
/// <remarks>Used only when you call it: evaluation itself never writes to the console.</remarks>
/// <example>
/// <code>
/// ConsoleReport.Write(result);                 // to AnsiConsole.Console
/// ConsoleReport.Write(result, console, 50);    // to another console, up to 50 rows
/// </code>
/// </example>
public static class ConsoleReport
{
    private const int CellLength = 60;

    /// <summary>Writes the summary and the first <paramref name="maxRows"/> rows in devset order (the worst rows first when there are more).</summary>
    /// <param name="result">The result.</param>
    /// <param name="console">The console; null for <see cref="AnsiConsole.Console"/>.</param>
    /// <param name="maxRows">Most rows to show; when the devset is larger, the worst rows are shown.</param>
    public static void Write(EvaluationResult result, IAnsiConsole? console = null, int maxRows = 20)
    {
        ArgumentNullException.ThrowIfNull(result);
        console ??= AnsiConsole.Console;
        var title = result.Title is null ? result.Metric : $"{result.Title}: {result.Metric}";
        console.Write(new Rule(Markup.Escape(title)).LeftJustified());
        var lmStyle = result.LM.IsStandIn ? "bold yellow" : "grey";
        console.MarkupLine($"[{lmStyle}]{Markup.Escape(result.LM.Describe())}[/]");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{result.Percent:0.##}%[/] over {result.Rows.Count} examples, {result.ErrorCount} failed; " +
            $"{result.Usage.LMCalls} LM calls ({result.Usage.CacheHits} cache hits), {result.Usage.InputTokens} in / {result.Usage.OutputTokens} out tokens; " +
            $"{result.WallTime.TotalSeconds:0.###} s at concurrency {result.Concurrency}"));
        if (result.ExtraScores.Count > 0)
            console.MarkupLine(Markup.Escape(string.Join(", ", result.ExtraScores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {Math.Round(100 * s.Value, 2):0.##}%")))));

        var rows = result.Rows.Count <= maxRows ? result.Rows : result.Worst(maxRows);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#").AddColumn("Input").AddColumn("Expected").AddColumn("Prediction")
            .AddColumn(new TableColumn("Score").RightAligned()).AddColumn("Feedback / error");
        foreach (var row in rows)
        {
            var score = row.Score.ToString("0.###", CultureInfo.InvariantCulture);
            var scoreCell = row.Failed ? $"[red]{score}[/]" : row.Score >= 1 ? $"[green]{score}[/]" : score;
            table.AddRow(
                row.Index.ToString(CultureInfo.InvariantCulture),
                Cell(FirstInput(row.Example)),
                Cell(row.Example.TryGetValue(Predictions.AnswerField, out var answer) ? string.Join(" | ", MetricFields.Texts(answer)) : ""),
                Cell(row.Prediction?.GetText(Predictions.AnswerField) ?? "—"),
                scoreCell,
                row.Failed ? $"[red]{Cell(row.Error!)}[/]" : Cell(row.Feedback ?? ""));
        }
        if (result.Rows.Count > rows.Count)
            table.Caption($"the {rows.Count} worst of {result.Rows.Count} rows");
        console.Write(table);
    }

    private static string FirstInput(Example example) =>
        example.InputKeys.Count > 0 ? example.GetText(example.InputKeys[0]) : example.Keys.FirstOrDefault() is { } k ? example.GetText(k) : "";

    private static string Cell(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return Markup.Escape(oneLine.Length <= CellLength ? oneLine : oneLine[..CellLength] + "…");
    }
}
