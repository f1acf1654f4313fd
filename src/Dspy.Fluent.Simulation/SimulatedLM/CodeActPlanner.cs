using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>
/// Plays one turn of a CodeAct agent (outputs <c>generated_code</c> and <c>finished</c>, input <c>trajectory</c>): it
/// reads the code it wrote before and what that code printed back into agent turns, lets <see cref="AgentPlanner"/>
/// choose the next tool and its arguments exactly as for ReAct, and writes that call as JavaScript — the tool called
/// with one object of named arguments, its result kept in a variable and printed. When the planner would finish, it
/// writes code that prints what it found and marks <c>finished</c>.
/// </summary>
internal static partial class CodeActPlanner
{
    public static bool Handles(ReadPrompt prompt) =>
        prompt.HasOutput("generated_code") && prompt.HasOutput("finished") && prompt.InputFields.Any(f => f.Name == "trajectory");

    public static Dictionary<string, string> Next(ReadPrompt prompt, string question, Knobs knobs, Decisions decisions)
    {
        var entries = Entries(prompt.Inputs);
        var turns = Turns(entries);
        var blocks = new Dictionary<string, string>(prompt.Inputs, StringComparer.Ordinal);
        foreach (var t in turns)
        {
            blocks[$"thought_{t.Index}"] = t.Thought;
            blocks[$"tool_name_{t.Index}"] = t.Tool;
            blocks[$"tool_args_{t.Index}"] = t.Args;
            blocks[$"observation_{t.Index}"] = t.Observation;
        }
        var plan = AgentPlanner.Next(prompt with { Inputs = blocks }, question, knobs, decisions);
        var index = entries.Keys.Select(k => Index().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        var tool = plan["next_tool_name"];
        if (tool == "finish")
        {
            var last = turns.LastOrDefault(t => t.Tool != "finish" && !t.Observation.StartsWith("Execution error", StringComparison.Ordinal));
            var code = last is null ? "print('Nothing was looked up.');" : $"print(r{last.Index});";
            return Reply(code, finished: true);
        }
        return Reply($"var r{index} = {tool}({Arguments(plan["next_tool_args"])});\nprint(r{index});", finished: false);
    }

    /// <summary>The arguments as a readable object literal (JSON without the escapes of a web-safe encoder).</summary>
    private static string Arguments(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? Dspy.Fluent.Internal.PythonJson.Serialize(doc.RootElement.Clone()) : "{}";
        }
        catch (JsonException)
        {
            return "{}";
        }
    }

    /// <summary>The turns in a CodeAct trajectory: from the JSON object a loop turn sees, or the blocks the extraction sees.</summary>
    public static List<AgentTurn> Turns(IReadOnlyDictionary<string, string> inputs) => Turns(Entries(inputs));

    private static Dictionary<string, string> Entries(IReadOnlyDictionary<string, string> inputs)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        // A loop turn sees the trajectory as a JSON object; anything else is the extraction's blocks, read below.
        if (inputs.TryGetValue("trajectory", out var json) && ParseJson(json) is { RootElement.ValueKind: JsonValueKind.Object } doc)
        {
            using (doc)
                foreach (var p in doc.RootElement.EnumerateObject())
                    entries[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }
        foreach (var (key, value) in inputs)
            if (Index().IsMatch(key)) entries.TryAdd(key, value);
        return entries;
    }

    private static List<AgentTurn> Turns(Dictionary<string, string> entries)
    {
        var turns = new List<AgentTurn>();
        for (var i = 0; entries.ContainsKey($"generated_code_{i}") || entries.ContainsKey($"observation_{i}"); i++)
        {
            var code = entries.GetValueOrDefault($"generated_code_{i}", "");
            var call = Call().Match(code);
            var observation = entries.TryGetValue($"code_output_{i}", out var output) ? Stdout(output)
                : $"Execution error: {entries.GetValueOrDefault($"observation_{i}", "")}";
            turns.Add(new AgentTurn(i, "", call.Success ? call.Groups["tool"].Value : "code", call.Success ? call.Groups["args"].Value : "{}", observation));
        }
        return turns;
    }

    /// <summary>A code output as CodeAct records it (a JSON string of what was printed), as the printed text.</summary>
    private static string Stdout(string output)
    {
        var text = output.Trim();
        // Output that is not a JSON string (a hand-written trajectory) is the printed text as it stands.
        if (text.StartsWith('"') && ParseJson(text) is { } doc)
            using (doc)
                if (doc.RootElement.ValueKind == JsonValueKind.String) text = doc.RootElement.GetString()!;
        return text.TrimEnd('\n');
    }

    /// <summary>The text as JSON, or null when it is not JSON (the caller then reads it as plain text).</summary>
    private static JsonDocument? ParseJson(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null; // System.Text.Json has no non-throwing parse; not JSON is an expected answer here
        }
    }

    private static Dictionary<string, string> Reply(string code, bool finished) => new(StringComparer.Ordinal)
    {
        ["generated_code"] = $"```javascript\n{code}\n```",
        ["finished"] = finished ? "True" : "False",
    };

    [GeneratedRegex(@"^(?:generated_code|code_output|observation)_(\d+)$")]
    private static partial Regex Index();

    [GeneratedRegex(@"=\s*(?<tool>[A-Za-z_$][\w$]*)\((?<args>\{.*\})\);", RegexOptions.Singleline)]
    private static partial Regex Call();
}
