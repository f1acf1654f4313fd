using System.Globalization;
using System.Text;

namespace Dspy.Fluent.Internal;

/// <summary>The text of metric assertion failures: what went in, what was expected, what came out, and the exact prompts and replies.</summary>
internal static class FailureMessages
{
    /// <summary>The message of a failed <c>ShouldPassAsync</c>; <paramref name="devsetRow"/> is the example's row number in the devset
    /// it came from (as in its theory row's label), or null.</summary>
    public static string ForExample(EvaluationResult evaluation, ExampleResult row, double minScore, int? devsetRow)
    {
        var sb = new StringBuilder();
        var what = row.Failed ? "could not be scored" : $"scored {Number(row.Score)}, below the required {Number(minScore)}";
        // A lone example has no number: its index in this one-example evaluation is always 0, whatever its theory row says.
        var which = devsetRow is { } number ? string.Create(CultureInfo.InvariantCulture, $"example #{number}") : "the example";
        sb.Append(CultureInfo.InvariantCulture, $"{evaluation.Metric} {what} for {which}: {Question(row.Example)}\n");
        AppendRow(sb, row, "  ");
        sb.Append(evaluation.LM.Describe()).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"Prompt and reply ({row.Calls.Count} LM call{(row.Calls.Count == 1 ? "" : "s")}):\n");
        sb.Append(row.RenderCalls());
        return sb.ToString();
    }

    public static string ForDevset(EvaluationResult evaluation, double minScore, int worst, IReadOnlyList<string> attachments)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"{evaluation.Metric} scored {Number(100 * evaluation.Score)}% on {evaluation.Rows.Count} examples, below the required {Number(100 * minScore)}%.\n");
        sb.Append(evaluation.Summary()).Append("\n\n");
        var rows = evaluation.Worst(worst);
        sb.Append(CultureInfo.InvariantCulture, $"The {rows.Count} worst examples:\n");
        foreach (var row in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#{row.Index} ({(row.Failed ? "failed" : $"score {Number(row.Score)}")}): {Question(row.Example)}\n");
            AppendRow(sb, row, "    ");
        }
        if (rows.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nPrompt and reply of the worst example (#{rows[0].Index}):\n");
            sb.Append(rows[0].RenderCalls()).Append('\n');
        }
        if (attachments.Count > 0) sb.Append("\nFull report attached to this test: ").Append(string.Join(", ", attachments)).Append('\n');
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, ExampleResult row, string indent)
    {
        var inputs = row.Example.InputKeys.Count > 0 ? row.Example.Inputs() : row.Example;
        Fields(sb, "Inputs", inputs, indent);
        Fields(sb, "Expected", row.Example.Labels(), indent);
        if (row.Prediction is { } prediction) Fields(sb, "Prediction", prediction, indent);
        if (row.Feedback is { } feedback) sb.Append(indent).Append("Feedback: ").Append(feedback).Append('\n');
        if (row.Error is { } error) sb.Append(indent).Append("Error: ").Append(error).Append('\n');
    }

    private static void Fields(StringBuilder sb, string title, FieldValues values, string indent)
    {
        sb.Append(indent).Append(title).Append(':');
        if (values.Count == 0) { sb.Append(" (none)\n"); return; }
        sb.Append('\n');
        foreach (var key in values.Keys)
            sb.Append(indent).Append("  ").Append(key).Append(": ").Append(values.GetText(key).ReplaceLineEndings("\n" + indent + "    ")).Append('\n');
    }

    private static string Question(Example example)
    {
        var text = example.InputKeys.Count > 0 ? example.GetText(example.InputKeys[0]) : example.Keys.FirstOrDefault() is { } k ? example.GetText(k) : "";
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 120 ? text : text[..120] + "…";
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
