using System.Text.Json.Nodes;

namespace Dspy.Fluent.Simulation;

/// <summary>
/// Fills a tool's arguments from what the agent knows, by what each argument's name, type and description ask for:
/// numbers from the question for numeric arguments, an arithmetic expression for an expression, a search query for a
/// query, and an entity (the question's, or one an observation revealed) for a name or title.
/// </summary>
internal static class ArgumentBinder
{
    private static readonly string[] ExpressionWords = ["expression", "formula", "equation", "arithmetic", "math", "calculation"];
    private static readonly string[] EntityWords = ["entity", "name", "title", "topic", "person", "subject", "page", "city", "organisation", "organization", "company"];
    private static readonly string[] QueryWords = ["query", "search", "question", "text", "keywords", "terms"];

    public static (string Args, string Thought) Bind(ToolInfo tool, string question, QuestionShape shape, IReadOnlyList<Passage> passages,
        IReadOnlyList<AgentTurn> turns, bool carryBridge, bool careful)
    {
        var args = new JsonObject();
        var thought = $"I will use {tool.Name}.";
        var numbers = WordProblem.Numbers(question).Select(n => n.Value).ToList();
        var nextNumber = 0;
        foreach (var arg in tool.Arguments)
        {
            var about = $"{arg.Name.Replace('_', ' ')} {arg.Description}";
            if (arg.Type is "integer" or "number")
            {
                var value = nextNumber < numbers.Count ? numbers[nextNumber++] : 0;
                args[arg.Name] = arg.Type == "integer" ? JsonValue.Create((long)Math.Round(value)) : JsonValue.Create(value);
                thought = $"The question gives the numbers {string.Join(", ", numbers.Select(WordProblem.Format))}; I will pass them to {tool.Name}.";
            }
            else if (Lexicon.ContainsAny(about, ExpressionWords) || (AgentHabits.NeedOf(question) == AgentNeed.Arithmetic && !Lexicon.ContainsAny(about, EntityWords)))
            {
                var expression = WordProblem.Expression(question, careful);
                args[arg.Name] = expression ?? question;
                thought = expression is null ? $"I will try {tool.Name} on the question." : $"This is arithmetic on the numbers in the question: {expression}. I will compute it with {tool.Name}.";
            }
            else if (Lexicon.ContainsAny(about, EntityWords) && !Lexicon.ContainsAny(about, QueryWords))
            {
                var (entity, why) = Entity(shape, passages, turns, carryBridge);
                args[arg.Name] = entity;
                thought = why;
            }
            else
            {
                var (query, why) = QueryWriter.Write(shape, passages, carryBridge);
                args[arg.Name] = query;
                thought = $"{why} I will search with {tool.Name}.";
            }
        }
        return (args.ToJsonString(), thought);
    }

    /// <summary>The entity to look up next: a named one not looked up yet, or (the better habit) the one an observation points to.</summary>
    private static (string Entity, string Why) Entity(QuestionShape shape, IReadOnlyList<Passage> passages, IReadOnlyList<AgentTurn> turns, bool carryBridge)
    {
        var asked = turns.Select(t => t.Args).ToList();
        var pending = shape.Named.FirstOrDefault(n => !asked.Any(a => a.Contains(n, StringComparison.Ordinal)));
        if (shape.Kind is AnswerKind.Choice or AnswerKind.YesNo && pending is not null)
            return (pending, $"I still need the facts about {pending}.");
        if (passages.Count > 0 && carryBridge && (new Reader(passages).Read(shape, chain: true).Bridge ?? QueryWriter.BridgeWithoutPassage(shape, passages)) is { } bridge)
            return (bridge, $"The observation points to {bridge}; I should look {bridge} up next.");
        var entity = shape.Anchor ?? shape.Named.FirstOrDefault() ?? string.Join(' ', Lexicon.ContentWords(shape.Text));
        return (entity, $"The question is about {entity}; I should look it up.");
    }
}
