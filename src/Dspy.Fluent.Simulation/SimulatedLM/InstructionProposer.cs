namespace Dspy.Fluent.Simulation;

/// <summary>
/// Proposes instructions for instruction optimizers from phrase banks: some phrases help (brevity, linking facts,
/// entity-carrying queries), some are neutral, some hurt. Feedback in the request (e.g. "too long", "wrong entity")
/// makes the matching helpful phrases more likely, as a reflective model would.
/// </summary>
internal static class InstructionProposer
{
    private static readonly (string Text, string Theme)[] Bank =
    [
        ("Answer with a short factoid phrase of 1 to 5 words, copied exactly from the context.", "brevity"),
        ("Give only the answer span, with no explanation.", "brevity"),
        ("First find the entity in the context that links the question to the answer, then read that entity's passage.", "chain"),
        ("Think step by step: connect the two facts the question needs before answering.", "chain"),
        ("Write a search query that names the specific entity from the context that you still need to look up.", "query"),
        ("Use entities from the context in the next search query.", "query"),
        ("Read the question and the context carefully.", "neutral"),
        ("Use the information provided to complete the task.", "neutral"),
        ("Make sure the output follows the format exactly.", "neutral"),
        ("Explain your answer in complete sentences with background detail.", "harmful"),
        ("Be creative and draw on general knowledge where the context is thin.", "harmful"),
    ];

    public static string Propose(ReadPrompt prompt, Decisions decisions)
    {
        var everything = string.Join("\n", prompt.Inputs.Values) + "\n" + prompt.Instructions;
        var weights = Weights(everything);

        var basis = prompt.Inputs.Where(kv => kv.Key.Contains("instruction", StringComparison.OrdinalIgnoreCase)).Select(kv => kv.Value.Trim()).FirstOrDefault(v => v.Length > 0)
            ?? FirstSentence(prompt.Instructions);
        var first = Weighted(weights, decisions.Uniform("phrase-1"));
        var parts = new List<string> { basis.TrimEnd('.') + ".", Bank[first].Text };
        if (decisions.Chance("two-phrases", 0.5))
        {
            weights[first] = 0;
            parts.Add(Bank[Weighted(weights, decisions.Uniform("phrase-2"))].Text);
        }
        return string.Join(" ", parts.Where(p => p != "."));
    }

    /// <summary>
    /// Up to <paramref name="count"/> distinct phrases of the bank, drawn with the weights <paramref name="evidence"/>
    /// implies (feedback words make the matching helpful phrases likelier), for rule writers (SIMBA's advice, InferRules).
    /// </summary>
    public static List<string> Phrases(string evidence, int count, Decisions decisions, string key)
    {
        var weights = Weights(evidence);
        var phrases = new List<string>();
        for (var i = 0; i < count && weights.Any(w => w > 0); i++)
        {
            var pick = Weighted(weights, decisions.Uniform($"{key}-{i}"));
            phrases.Add(Bank[pick].Text);
            weights[pick] = 0;
        }
        return phrases;
    }

    private static double[] Weights(string everything)
    {
        var targetsQueries = Lexicon.ContainsAny(everything, "query", "search");
        return Bank.Select(b => b.Theme switch
        {
            "brevity" => Lexicon.ContainsAny(everything, "too long", "verbose", "extra words", "not exact", "shorter", "exact match") ? 4.0 : 1.0,
            "chain" => Lexicon.ContainsAny(everything, "wrong entity", "bridge", "two hops", "did not link", "missing fact") ? 4.0 : 1.0,
            "query" => targetsQueries ? (Lexicon.ContainsAny(everything, "retriev", "not found", "missing passage", "recall") ? 4.0 : 2.0) : 0.3,
            "harmful" => 0.8,
            _ => 1.0,
        }).ToArray();
    }

    private static int Weighted(double[] weights, double u)
    {
        var total = weights.Sum();
        var x = u * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Length - 1;
    }

    private static string FirstSentence(string text)
    {
        var sentences = Passage.SplitSentences(text);
        return sentences.Count > 0 ? sentences[0] : "Complete the task";
    }
}
