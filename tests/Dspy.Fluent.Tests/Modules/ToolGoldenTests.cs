using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Tools as DSPy prints them (<c>str(dspy.Tool)</c>: name, description, argument schemas), against Golden/tool-golden.json,
/// which DSPy 3.3.1 wrote (make_tool_golden.py): the ReAct loop prompt lists each tool with the same text.
/// </summary>
public sealed class ToolGoldenTests
{
    private static JsonElement Golden { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "tool-golden.json"))).RootElement;

    private static AIFunction Tool(string name) => name switch
    {
        "get_weather" => AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather", "Current weather for a city."),
        "add" => AIFunctionFactory.Create((int a, int b = 0) => a + b, "add", "Adds two whole numbers.\n\n    Returns the sum."),
        "no_doc" => AIFunctionFactory.Create((string query, int limit, bool exact, double[] scores) => Array.Empty<string>(), "no_doc"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no C# twin of this golden tool"),
    };

    public static TheoryData<string> ToolNames() => new(Golden.GetProperty("tools").EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void The_loop_prompt_prints_each_tool_as_DSPy_prints_it(string name)
    {
        var dspy = Golden.GetProperty("format").EnumerateArray()
            .Where(c => c.GetProperty("adapter").GetString() == "chat" && c.GetProperty("inputs").TryGetProperty("tools", out _))
            .Select(c => c.GetProperty("messages")[c.GetProperty("messages").GetArrayLength() - 1].GetProperty("content").GetString()!)
            .Select(user => user[(user.IndexOf("[[ ## tools ## ]]\n", StringComparison.Ordinal) + 18)..])
            .Select(rest => JsonDocument.Parse(rest[..rest.IndexOf("\n\n", StringComparison.Ordinal)]).RootElement.EnumerateArray().Select(e => e.GetString()!))
            .SelectMany(x => x).Distinct()
            .Single(line => line.StartsWith(name + ",", StringComparison.Ordinal) || line.StartsWith(name + ".", StringComparison.Ordinal));

        var ours = new ReAct("agent", "question -> answer", [Tool(name)]).React.Signature.Instructions.Split('\n')
            .Single(l => l.StartsWith("(1) ", StringComparison.Ordinal))[4..];

        Assert.Equal(dspy, ours);
    }
}
