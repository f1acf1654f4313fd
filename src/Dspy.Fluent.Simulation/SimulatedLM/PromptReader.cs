using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Simulation;

/// <summary>
/// Recovers fields, instructions, demos and inputs from the messages the ChatAdapter or JsonAdapter built — the way a
/// model reads a prompt, from its text alone.
/// </summary>
internal static partial class PromptReader
{
    private const string Objective = "your objective is: ";

    public static ReadPrompt Read(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var system = messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? "";
        var inputs = FieldList(system, "Your input fields are:", "Your output fields are:");
        var outputs = FieldList(system, "Your output fields are:", "All interactions will be structured");
        var jsonMode = options?.ResponseFormat is ChatResponseFormatJson || system.Contains("Outputs will be a JSON object", StringComparison.Ordinal);

        var at = system.IndexOf(Objective, StringComparison.Ordinal);
        var instructions = at < 0 ? "" : string.Join("\n",
            system[(at + Objective.Length)..].Split('\n').Select(l => l.StartsWith("        ", StringComparison.Ordinal) ? l[8..] : l)).Trim();

        var demos = new List<ReadDemo>();
        var conversation = messages.Where(m => m.Role != ChatRole.System).ToList();
        for (var i = 0; i + 1 < conversation.Count - 1; i += 2)
        {
            if (conversation[i].Role != ChatRole.User || conversation[i + 1].Role != ChatRole.Assistant) continue;
            var demoOutputs = Blocks(conversation[i + 1].Text);
            if (demoOutputs.Count == 0) demoOutputs = JsonFields(conversation[i + 1].Text);
            demos.Add(new ReadDemo(Blocks(conversation[i].Text), demoOutputs));
        }
        var current = conversation.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        return new ReadPrompt(inputs, outputs, instructions, demos, Blocks(current), jsonMode);
    }

    private static List<ReadField> FieldList(string system, string start, string end)
    {
        var s = system.IndexOf(start, StringComparison.Ordinal);
        if (s < 0) return [];
        s += start.Length;
        var e = system.IndexOf(end, s, StringComparison.Ordinal);
        var block = e < 0 ? system[s..] : system[s..e];
        return FieldLine().Matches(block).Select(m => new ReadField(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value.Trim())).ToList();
    }

    /// <summary>The <c>[[ ## name ## ]]</c> blocks of a message; the closing format reminder and the completed marker are dropped.</summary>
    public static Dictionary<string, string> Blocks(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var matches = Header().Matches(text);
        for (var i = 0; i < matches.Count; i++)
        {
            var name = matches[i].Groups[1].Value;
            if (name == "completed" || result.ContainsKey(name)) continue;
            var start = matches[i].Index + matches[i].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            var value = text[start..end];
            var respond = value.IndexOf("\n\nRespond with ", StringComparison.Ordinal);
            if (respond >= 0) value = value[..respond];
            result[name] = value.Trim();
        }
        return result;
    }

    private static Dictionary<string, string> JsonFields(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
            foreach (var p in doc.RootElement.EnumerateObject())
                result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }
        catch (JsonException)
        {
            // A demo whose reply is not JSON simply contributes no outputs.
        }
        return result;
    }

    [GeneratedRegex(@"^\d+\. `(\w+)` \(([^\n]*?)\):[ ]?(.*)$", RegexOptions.Multiline)]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"\[\[ ## (\w+) ## \]\]")]
    private static partial Regex Header();
}
