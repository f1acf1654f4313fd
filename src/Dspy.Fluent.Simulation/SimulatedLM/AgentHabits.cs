namespace Dspy.Fluent.Simulation;

/// <summary>What the agent needs next: arithmetic on numbers the question gives, or facts to look up.</summary>
internal enum AgentNeed { Arithmetic, Lookup }

/// <summary>
/// How an agent turn is likely to go wrong, and what demos teach: without demos a small model sometimes picks a less
/// fitting tool, misses that the trajectory already answers the question (and repeats a call), finishes too early, and
/// searches with the question's words instead of the entity an observation named. Demos from an agent's past turns
/// are imitated: their tool per kind of need, their finishing, and whether their searches carry an entity the
/// observations revealed.
/// </summary>
internal sealed record AgentHabits(
    double WrongTool, double MissAnswer, double PrematureFinish, double BridgeQueries, double CarefulMath,
    IReadOnlyDictionary<AgentNeed, string> DemoTools)
{
    public static AgentNeed NeedOf(string question) => WordProblem.IsArithmetic(question) ? AgentNeed.Arithmetic : AgentNeed.Lookup;

    public static AgentHabits From(ReadPrompt prompt, Knobs knobs)
    {
        var demos = prompt.Demos.Where(d => d.Outputs.ContainsKey("next_tool_name")).ToList();
        var guidance = prompt.Instructions;
        var bridge = knobs.BridgeQueries;
        if (demos.Count == 0)
            return new AgentHabits(0.2, 0.15, 0.1, bridge, Lexicon.ContainsAny(guidance, Knobs.ChainCues) ? 0.85 : 0.7, new Dictionary<AgentNeed, string>());

        var tools = new Dictionary<AgentNeed, string>();
        foreach (var group in demos.Where(d => d.Outputs["next_tool_name"] != "finish")
                     .GroupBy(d => NeedOf(QuestionOf(d.Inputs)), d => d.Outputs["next_tool_name"]))
            tools[group.Key] = group.GroupBy(t => t).OrderByDescending(g => g.Count()).First().Key;

        // Later-turn searches in the demos: do they carry an entity an observation revealed?
        var later = demos.Select(d => (Demo: d, Turns: AgentTrajectory.Read(d.Inputs)))
            .Where(x => x.Turns.Count > 0 && x.Demo.Outputs["next_tool_name"] != "finish" && NeedOf(QuestionOf(x.Demo.Inputs)) == AgentNeed.Lookup).ToList();
        if (later.Count > 0)
        {
            var carrying = later.Count(x => CarriesObservedEntity(x.Demo, x.Turns));
            bridge = carrying > 0 ? Math.Max(bridge, 0.6 + 0.35 * carrying / later.Count) : Math.Min(bridge, 0.25);
        }
        var finishes = demos.Any(d => d.Outputs["next_tool_name"] == "finish");
        return new AgentHabits(0.05, finishes ? 0.03 : 0.1, 0.02, Math.Clamp(bridge, 0.02, 0.97), 0.95, tools);
    }

    public static string QuestionOf(IReadOnlyDictionary<string, string> inputs) =>
        inputs.TryGetValue("question", out var q) ? q : inputs.Values.FirstOrDefault(v => v.TrimEnd().EndsWith('?')) ?? "";

    private static bool CarriesObservedEntity(ReadDemo demo, IReadOnlyList<AgentTurn> turns)
    {
        var question = QuestionOf(demo.Inputs);
        var args = demo.Outputs.TryGetValue("next_tool_args", out var a) ? a : "";
        return AgentTrajectory.Passages(turns).SelectMany(p => Lexicon.CapitalisedSpans(p.Text))
            .Any(span => span.Length > 3 && args.Contains(span, StringComparison.Ordinal) && !question.Contains(span, StringComparison.Ordinal));
    }
}
