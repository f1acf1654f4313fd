using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>
/// Answers a plain prompt with no output fields (an RLM's <c>llm_query</c>) that asks a <c>Question:</c> over
/// <c>Passages:</c> (a JSON list) or a <c>Passage:</c>: it reads them as any answer step reads its context.
/// </summary>
internal static partial class SubQuery
{
    public static string? Answer(string text, Knobs knobs, Decisions decisions)
    {
        var question = QuestionLine().Match(text);
        if (!question.Success) return null;
        var passages = PassagesBlock().Match(text);
        var context = Passage.ParseContext(passages.Success ? passages.Groups["body"].Value : "");
        if (context.Count == 0) return "NONE";
        var reading = new Reader(context).Read(QuestionShape.Of(question.Groups[1].Value.Trim()), decisions.Chance("chain", knobs.Chaining));
        return reading.Answer.Length == 0 ? "NONE" : reading.Answer;
    }

    [GeneratedRegex(@"^Question:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex QuestionLine();

    [GeneratedRegex(@"^Passages?:\s*\n(?<body>[\s\S]*?)(?:\n(?:Answer|Reply)\b[^\n]*)?\s*$", RegexOptions.Multiline)]
    private static partial Regex PassagesBlock();
}
