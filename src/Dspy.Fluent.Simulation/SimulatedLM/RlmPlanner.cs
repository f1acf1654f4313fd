using System.Globalization;
using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>
/// Plays an RLM's steps (outputs <c>reasoning</c> and <c>code</c>, inputs <c>variables_info</c> and
/// <c>repl_history</c>) in JavaScript, one small step at a time as the instructions ask: first look at the long input
/// (split it into chunks and print how many), then rank the chunks by the question's words in code and ask a sub-LM
/// (<c>llm_query</c>) about the best ones — as many as the budget in the instructions allows — and print its answer,
/// ask once more with the chunks that mention that answer (a bridge question's first hop names the entity to read about), then <c>SUBMIT</c> the answer for every output. An error in the history gets the step written again.
/// </summary>
internal static partial class RlmPlanner
{
    /// <summary>How many top chunks go into the one sub-LM question.</summary>
    private const int ChunksAsked = 4;

    public static bool Handles(ReadPrompt prompt) =>
        prompt.HasOutput("code") && prompt.Inputs.ContainsKey("variables_info") && prompt.InputFields.Any(f => f.Name == "repl_history");

    public static Dictionary<string, string> Next(ReadPrompt prompt)
    {
        var variables = Variables().Matches(prompt.Input("variables_info") ?? "").Select(m => (Name: m.Groups["name"].Value, Length: long.Parse(m.Groups["length"].Value.Replace(",", ""), CultureInfo.InvariantCulture))).ToList();
        var history = prompt.Input("repl_history") ?? "";
        var steps = Step().Matches(history).Count;
        var lastOutput = history.LastIndexOf("chars):\n", StringComparison.Ordinal) is var at and >= 0 ? history[(at + 8)..] : "";
        var failed = lastOutput.StartsWith("[Error]", StringComparison.Ordinal) || lastOutput.StartsWith("[Type Error]", StringComparison.Ordinal);
        var question = variables.FirstOrDefault(v => v.Name is "question" or "query" or "task").Name;
        var context = variables.Where(v => v.Name != question).OrderByDescending(v => v.Length).Select(v => v.Name).FirstOrDefault() ?? "context";
        var outputs = OutputNames().Match(prompt.Instructions) is { Success: true } s ? s.Groups[1].Value.Split(", ") : ["answer"];
        var budget = Budget().Match(prompt.Instructions) is { Success: true } b ? int.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
        var questionText = question is null ? "'What does the text say?'" : question;

        // Explore, ask, submit; a failed step is taken again, and the ask is skipped when no sub-LM call is allowed.
        var stage = failed ? Math.Max(0, steps - 1) : steps;
        if (stage >= 1 && budget == 0) stage = 3;
        if (stage == 2 && budget < 2) stage = 3;
        return stage switch
        {
            0 => Reply($"I look at {context} before processing it: how long it is and how it splits into chunks.",
                $"var chunks = String({context}).split(/\\n\\s*\\n/).filter(c => c.trim().length > 0);\nprint(chunks.length + ' chunks, ' + String({context}).length + ' characters');\nprint(chunks[0].slice(0, 200));"),
            1 => Reply("String matching finds where the question's words are; a sub-LM reads the best chunks to say what they mean.",
                $"var words = String({questionText}).toLowerCase().match(/[a-z0-9]+/g).filter(w => w.length > 3);\n" +
                "var scored = chunks.map(c => ({ c: c, s: words.filter(w => c.toLowerCase().includes(w)).length }));\n" +
                $"var best = scored.sort((a, b) => b.s - a.s).slice(0, {ChunksAsked}).map(x => x.c);\n" +
                $"var found = llm_query('Question: ' + {questionText} + '\\nPassages:\\n' + JSON.stringify(best) + '\\nAnswer with a few words from the passages.').trim();\n" +
                "print(found);"),
            2 => Reply("The answer may only be a step on the way (a person, not their city): I ask again with the chunks that mention it.",
                "var more = chunks.filter(c => found.length > 0 && c.includes(found) && best.indexOf(c) < 0).slice(0, 2);\n" +
                $"var again = llm_query('Question: ' + {questionText} + '\\nPassages:\\n' + JSON.stringify(best.concat(more)) + '\\nAnswer with a few words from the passages.').trim();\n" +
                "if (again.length > 0 && again !== 'NONE') found = again;\nprint(found);"),
            _ => Reply("The sub-LM's answer is printed above; I submit it.",
                $"SUBMIT({string.Join(", ", outputs.Select(_ => budget == 0 ? "chunks[0]" : "found"))});"),
        };
    }

    /// <summary>The extraction after the last step: the last output the history shows, as the answer.</summary>
    public static string Extract(ReadPrompt prompt)
    {
        var history = prompt.Input("repl_history") ?? "";
        var at = history.LastIndexOf("chars):\n", StringComparison.Ordinal);
        return at < 0 ? "unknown" : history[(at + 8)..].Trim().Split('\n')[^1].Trim();
    }

    private static Dictionary<string, string> Reply(string reasoning, string code) => new(StringComparer.Ordinal)
    {
        ["reasoning"] = reasoning,
        ["code"] = $"```javascript\n{code}\n```",
    };

    [GeneratedRegex(@"Variable: `(?<name>[^`]+)`[\s\S]*?Total length: (?<length>[\d,]+) characters")]
    private static partial Regex Variables();

    [GeneratedRegex(@"=== Step \d+ ===")]
    private static partial Regex Step();

    [GeneratedRegex(@"`SUBMIT\(([^)]*)\)`")]
    private static partial Regex OutputNames();

    [GeneratedRegex(@"You have max (\d+) sub-LLM calls")]
    private static partial Regex Budget();
}
