using System.Globalization;

namespace Dspy.Fluent.Simulation;

/// <summary>One past turn of an agent, as the prompt's trajectory shows it.</summary>
internal sealed record AgentTurn(int Index, string Thought, string Tool, string Args, string Observation)
{
    /// <summary>Whether the observation is an error text rather than a result.</summary>
    public bool Failed => Observation.StartsWith("Execution error", StringComparison.Ordinal);

    /// <summary>The observation as a number, when it is one (a calculator's result).</summary>
    public double? Number => !Failed && double.TryParse(Observation.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>
/// The trajectory an agent prompt carries: DSPy writes it as <c>[[ ## thought_0 ## ]]</c>, <c>tool_name_0</c>,
/// <c>tool_args_0</c>, <c>observation_0</c> blocks inside the <c>trajectory</c> input, which the prompt reader sees as
/// blocks of their own.
/// </summary>
internal static class AgentTrajectory
{
    public static List<AgentTurn> Read(IReadOnlyDictionary<string, string> blocks)
    {
        var turns = new List<AgentTurn>();
        for (var i = 0; blocks.TryGetValue($"tool_name_{i}", out var tool) || blocks.ContainsKey($"observation_{i}"); i++)
            turns.Add(new AgentTurn(i, Get(blocks, $"thought_{i}"), tool ?? "", Get(blocks, $"tool_args_{i}"), Get(blocks, $"observation_{i}")));
        return turns;
    }

    /// <summary>The passages the successful observations returned, in order, numbered afresh.</summary>
    public static List<Passage> Passages(IEnumerable<AgentTurn> turns)
    {
        var texts = turns.Where(t => !t.Failed && t.Number is null && t.Observation.Length > 0 && t.Observation != "Completed.")
            .SelectMany(t => Passage.ParseContext(t.Observation)).Select(p => p.Title.Length > 0 ? $"{p.Title} | {p.Text}" : p.Text)
            .Distinct(StringComparer.Ordinal).ToList();
        return texts.Count == 0 ? [] : Passage.ParseContext(System.Text.Json.JsonSerializer.Serialize(texts, Dspy.Fluent.Internal.DspyJsonContext.Default.ListString));
    }

    private static string Get(IReadOnlyDictionary<string, string> blocks, string key) => blocks.TryGetValue(key, out var v) ? v : "";
}
