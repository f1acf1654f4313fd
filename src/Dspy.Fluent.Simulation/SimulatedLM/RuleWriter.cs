using System.Text.Json;

namespace Dspy.Fluent.Simulation;

/// <summary>
/// Writes rules the way a model asked to learn from examples would: SIMBA's per-module advice (contrasting a better and
/// a worse run) and InferRules' list of rules (read off a set of examples). Rules are phrases of the instruction bank;
/// what the runs or examples show (a worse answer longer than the better one, short gold answers, feedback words) makes
/// the matching helpful rule likelier, and a rule can still be unhelpful.
/// </summary>
internal static class RuleWriter
{
    /// <summary>SIMBA's <c>module_advice</c>: one rule per name in <c>module_names</c>, as a JSON object.</summary>
    public static Dictionary<string, string> Advise(ReadPrompt prompt, Decisions decisions)
    {
        var evidence = string.Join("\n", prompt.Inputs.Values);
        var better = prompt.Input("better_program_outputs") ?? "";
        var worse = prompt.Input("worse_program_outputs") ?? "";
        // The better run said less: the lesson a reader draws is brevity.
        if (worse.Length > better.Length + 15) evidence += "\nThe worse answer is too long.";
        var advice = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var module in ModuleNames(prompt.Input("module_names")))
        {
            var phrase = InstructionProposer.Phrases(evidence, 1, decisions, "advice-" + module);
            advice[module] = phrase.Count == 0 ? "Follow the task's instructions." : "If the module receives inputs like these, it should follow this rule: " + phrase[0];
        }
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["module_advice"] = Json(advice),
            ["discussion"] = advice.Count == 0 ? "There are no modules to advise." : "The better run's outputs earned the higher reward; the advice asks each module to act like it.",
        };
    }

    /// <summary>InferRules' <c>natural_language_rules</c>: a numbered list of rules drawn from what the examples show.</summary>
    public static string Induce(ReadPrompt prompt, Decisions decisions)
    {
        var text = prompt.Input("examples_text") ?? string.Join("\n", prompt.Inputs.Values);
        var outputs = OutputValues(text);
        var evidence = text;
        // Short gold outputs teach "answer with the exact span".
        if (outputs.Count > 0 && outputs.Count(o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5) >= 0.6 * outputs.Count)
            evidence += "\nAnswers are an exact match, never too long.";
        var rules = InstructionProposer.Phrases(evidence, 3, decisions, "rule");
        return string.Join("\n", rules.Select((r, i) => $"{i + 1}. {r}"));
    }

    private static string Json(Dictionary<string, string> map)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (k, v) in map) writer.WriteString(k, v);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static List<string> ModuleNames(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        try
        {
            using var doc = JsonDocument.Parse(value);
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
                return doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.ToString()).ToList();
        }
        catch (JsonException)
        {
        }
        return value.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.Trim('[', ']', '"', '\'')).ToList();
    }

    /// <summary>The values under each "Output Fields:" heading of InferRules' examples text ("name: value" lines).</summary>
    private static List<string> OutputValues(string text)
    {
        var values = new List<string>();
        var inOutputs = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Output Fields:", StringComparison.Ordinal)) { inOutputs = true; continue; }
            if (line.StartsWith("Input Fields:", StringComparison.Ordinal)) { inOutputs = false; continue; }
            if (inOutputs && line.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 && !line.StartsWith("reasoning", StringComparison.Ordinal))
                values.Add(line[(colon + 2)..].Trim());
        }
        return values;
    }
}
