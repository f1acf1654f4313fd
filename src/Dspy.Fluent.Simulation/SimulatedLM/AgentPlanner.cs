namespace Dspy.Fluent.Simulation;

/// <summary>
/// Plays one turn of a ReAct agent (outputs <c>next_thought</c>, <c>next_tool_name</c>, <c>next_tool_args</c>): it reads
/// the tools from the instructions, decides whether the trajectory already answers the question (then <c>finish</c>),
/// otherwise picks the tool whose name and description fit the need (arithmetic or a lookup) and the question's words,
/// and binds its arguments from the question and the observations to the argument names and types the prompt shows.
/// </summary>
internal static class AgentPlanner
{
    private static readonly string[] ArithmeticWords = ["calculat", "arithmetic", "math", "expression", "evaluat", "comput", "number", "sum", "add", "multipl", "divid", "subtract"];
    private static readonly string[] LookupWords = ["search", "look", "find", "retriev", "passage", "encyclop", "wiki", "fact", "document", "knowledge", "information", "article"];

    public static Dictionary<string, string> Next(ReadPrompt prompt, string question, Knobs knobs, Decisions decisions)
    {
        var tools = ToolCatalog.Read(prompt.Instructions);
        var turns = AgentTrajectory.Read(prompt.Inputs);
        var habits = AgentHabits.From(prompt, knobs);
        var need = AgentHabits.NeedOf(question);
        var shape = QuestionShape.Of(question);
        var passages = AgentTrajectory.Passages(turns);
        var lastCall = turns.LastOrDefault(t => t.Tool != "finish");

        if (Settled(need, shape, turns, passages) is { } answer)
        {
            // The habit of a weak model: not noticing the answer is in hand, and checking again.
            if (lastCall is null || !decisions.Chance("miss-answer", habits.MissAnswer))
                return Turn($"The trajectory already answers the question: {answer}. I have everything I need.", "finish", "{}");
            return Turn("Let me check that once more.", lastCall.Tool, lastCall.Args);
        }
        if (turns.Count > 0 && decisions.Chance("premature-finish", habits.PrematureFinish))
            return Turn("I think I have enough information to answer now.", "finish", "{}");

        var callable = tools.Where(t => !t.IsFinish).ToList();
        if (callable.Count == 0) return Turn("There is no tool to call, so I will answer from what I know.", "finish", "{}");
        var words = Lexicon.ContentWords(question);
        var ranked = callable.OrderByDescending(t => Fit(t, need, words)).ToList();
        ToolInfo tool;
        if (habits.DemoTools.TryGetValue(need, out var shown) && callable.FirstOrDefault(t => t.Name == shown) is { } imitated && decisions.Chance("imitate-tool", 0.95))
            tool = imitated;
        else
            tool = ranked.Count > 1 && decisions.Chance("wrong-tool", habits.WrongTool) ? ranked[1] : ranked[0];

        // Repeating the same call gets nowhere; noticing it makes the better habit more likely.
        var repeats = turns.Count - turns.Select(t => (t.Tool, t.Args)).Distinct().Count();
        var carry = decisions.Chance("bridge-query", Math.Min(0.97, habits.BridgeQueries + 0.3 * repeats));
        var careful = decisions.Chance("careful-math", habits.CarefulMath);
        var (args, thought) = ArgumentBinder.Bind(tool, question, shape, passages, turns, carry, careful);
        return Turn(thought, tool.Name, args);
    }

    /// <summary>The answer the trajectory already holds: a calculator's number for arithmetic, a settled reading for a lookup.</summary>
    public static string? Settled(AgentNeed need, QuestionShape shape, IReadOnlyList<AgentTurn> turns, IReadOnlyList<Passage> passages)
    {
        if (need == AgentNeed.Arithmetic)
            return turns.LastOrDefault(t => t.Number is not null)?.Number is { } n ? WordProblem.Format(n) : null;
        return new Reader(passages).Settled(shape)?.Answer;
    }

    /// <summary>How well a tool fits: its kind against the need, then the question's words in its name and description.</summary>
    private static double Fit(ToolInfo tool, AgentNeed need, HashSet<string> questionWords)
    {
        var text = tool.Text.ToLowerInvariant();
        var kind = need == AgentNeed.Arithmetic ? ArithmeticWords : LookupWords;
        var other = need == AgentNeed.Arithmetic ? LookupWords : ArithmeticWords;
        return 3 * kind.Count(text.Contains) - other.Count(text.Contains) + Lexicon.Overlap(questionWords, tool.Text);
    }

    private static Dictionary<string, string> Turn(string thought, string tool, string args) => new(StringComparer.Ordinal)
    {
        ["next_thought"] = thought,
        ["next_tool_name"] = tool,
        ["next_tool_args"] = args,
    };
}
