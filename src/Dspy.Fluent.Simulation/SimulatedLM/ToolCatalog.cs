using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>One argument of a tool as the prompt shows it: its name, JSON type and description.</summary>
internal sealed record ToolArgument(string Name, string Type, string Description);

/// <summary>A tool as the simulated LM read it from an agent's instructions.</summary>
internal sealed record ToolInfo(string Name, string Description, IReadOnlyList<ToolArgument> Arguments)
{
    public bool IsFinish => Name == "finish";

    /// <summary>Everything the tool says about itself, for matching against a need.</summary>
    public string Text => $"{Name.Replace('_', ' ')} {Description} {string.Join(" ", Arguments.Select(a => $"{a.Name.Replace('_', ' ')} {a.Description}"))}";
}

/// <summary>
/// Reads the tool list DSPy's ReAct prompt carries — <c>(1) name, whose description is &lt;desc&gt;…&lt;/desc&gt;. It takes
/// arguments {…}.</c> — with each argument's schema (a Python dict), as a model reads it from the text.
/// </summary>
internal static partial class ToolCatalog
{
    public static List<ToolInfo> Read(string instructions)
    {
        var tools = new List<ToolInfo>();
        foreach (Match m in ToolLine().Matches(instructions))
            tools.Add(new ToolInfo(m.Groups["name"].Value, m.Groups["desc"].Value, Arguments(m.Groups["args"].Value)));
        return tools;
    }

    private static List<ToolArgument> Arguments(string pythonDict)
    {
        var result = new List<ToolArgument>();
        try
        {
            using var doc = JsonDocument.Parse(ToJson(pythonDict));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var type = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("type", out var t) ? t.ToString() : "string";
                var description = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("description", out var d) ? d.ToString() : "";
                result.Add(new ToolArgument(p.Name, type, description));
            }
        }
        catch (JsonException)
        {
            // A schema it cannot read leaves the tool without known arguments, as a model would skim past it.
        }
        return result;
    }

    /// <summary>A Python literal (single-quoted strings, True/False/None) as JSON text.</summary>
    private static string ToJson(string python)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < python.Length; i++)
        {
            var c = python[i];
            if (c is '\'' or '"')
            {
                var quote = c;
                sb.Append('"');
                for (i++; i < python.Length && python[i] != quote; i++)
                {
                    if (python[i] == '\\' && i + 1 < python.Length)
                    {
                        var next = python[++i];
                        sb.Append(next switch { 'n' => "\\n", 't' => "\\t", 'r' => "\\r", '\\' => "\\\\", '"' => "\\\"", _ => next.ToString() });
                    }
                    else if (python[i] == '"') sb.Append("\\\"");
                    else sb.Append(python[i]);
                }
                sb.Append('"');
            }
            else if (Word(python, i, "True")) { sb.Append("true"); i += 3; }
            else if (Word(python, i, "False")) { sb.Append("false"); i += 4; }
            else if (Word(python, i, "None")) { sb.Append("null"); i += 3; }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool Word(string s, int at, string word) =>
        string.CompareOrdinal(s, at, word, 0, word.Length) == 0 && (at == 0 || !char.IsLetterOrDigit(s[at - 1]));

    [GeneratedRegex(@"^\(\d+\) (?<name>[^\s,.]+)(?:, whose description is <desc>(?<desc>.*?)</desc>)?\. It takes arguments (?<args>\{.*\})\.\s*$", RegexOptions.Multiline)]
    private static partial Regex ToolLine();
}
