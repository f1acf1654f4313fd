using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// <c>dspy.Tool</c> / <c>list[dspy.Tool]</c> inputs and <c>dspy.ToolCalls</c> outputs against what DSPy 3.3.1's own adapters
/// did with them (Golden/tool-golden.json, written by make_tool_golden.py): every format case byte for byte, every native
/// case (the declarations sent and the prompt left) and every parse case value for value, or the same error.
/// </summary>
public sealed class ToolFieldGoldenTests
{
    private static readonly JsonNode Golden = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "tool-golden.json")))!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TheoryData<string, string> Cases(string section) =>
        [.. Golden[section]!.AsArray().Select(c => (c!["case"]!.GetValue<string>(), c["adapter"]!.GetValue<string>()))];

    public static TheoryData<string, string> FormatCases => Cases("format");

    public static TheoryData<string, string> NativeCases => Cases("native");

    public static TheoryData<string, string> ParseCases => Cases("parse");

    private static JsonNode Case(string section, string name, string adapter) =>
        Golden[section]!.AsArray().Single(c => c!["case"]!.GetValue<string>() == name && c["adapter"]!.GetValue<string>() == adapter)!;

    /// <summary>The C# twins of the golden file's Python tools (same names, descriptions and argument types).</summary>
    internal static AIFunction Tool(string name) => name switch
    {
        "get_weather" => AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather", "Current weather for a city."),
        "add" => AIFunctionFactory.Create((int a, int b = 0) => a + b, "add", "Adds two whole numbers.\n\n    Returns the sum."),
        "no_doc" => AIFunctionFactory.Create((string query, int limit, bool exact, double[] scores) => Array.Empty<string>(), "no_doc"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no C# twin of this golden tool"),
    };

    private static IAdapter AdapterFor(string name) => name switch
    {
        "chat" => new ChatAdapter(),
        "json" => new JsonAdapter(),
        "xml" => new XmlAdapter(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>A golden value as the C# value a caller passes: <c>dspy.Tool</c> is an <see cref="AIFunction"/>, <c>dspy.ToolCalls</c> a <see cref="ToolCalls"/>.</summary>
    private static object? Value(JsonNode? node) => node switch
    {
        JsonObject o when o["$type"]?.GetValue<string>() == "dspy.Tool" => Tool(o["value"]!.GetValue<string>()),
        JsonObject o when o["$type"]?.GetValue<string>() == "dspy.ToolCalls" => new ToolCalls(o["value"]!.AsArray().Select(c => new ToolCall(
            c!["name"]!.GetValue<string>(),
            c["args"]!.AsObject().ToDictionary(kv => kv.Key, kv => (object?)JsonSerializer.SerializeToElement(kv.Value))))),
        JsonArray a => a.Select(Value).Cast<AIFunction>().ToList(),
        JsonValue v => v.GetValue<string>(),
        _ => throw new InvalidOperationException($"unexpected golden value {node?.ToJsonString()}"),
    };

    private static Signature SignatureOf(JsonNode golden) =>
        Signature.Parse(golden["signature"]!.GetValue<string>(), golden["instructions"]?.GetValue<string>());

    private static Dictionary<string, object?> Inputs(JsonNode golden) =>
        golden["inputs"]!.AsObject().ToDictionary(kv => kv.Key, kv => Value(kv.Value));

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Formats_like_DSPy(string name, string adapter)
    {
        var golden = Case("format", name, adapter);
        var demos = golden["demos"]!.AsArray().Select(d => new Example(d!.AsObject().Select(kv => new KeyValuePair<string, object?>(kv.Key, Value(kv.Value))))).ToList();

        var messages = AdapterFor(adapter).Format(SignatureOf(golden), demos, Inputs(golden));

        var expected = golden["messages"]!.AsArray().Select(m => $"{m!["role"]}\n{m["content"]}").ToList();
        Assert.Equal(expected, messages.Select(m => $"{m.Role.Value}\n{m.Text}"));
    }

    [Theory]
    [MemberData(nameof(NativeCases))]
    public async Task Native_function_calling_sends_what_DSPy_sends(string name, string adapter)
    {
        var golden = Case("native", name, adapter);
        // A native case is a format case run with native calling: its instructions are the format case's.
        var signature = SignatureOf(Case("format", name, adapter));
        var callsField = signature.OutputFields.Single(f => f.Type.IsToolCalls).Name;
        var client = new FixedResponseClient(new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [new FunctionCallContent("c1", "add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 })])));
        var native = adapter == "chat" ? new ChatAdapter { UseNativeFunctionCalling = true } : AdapterFor(adapter);

        var prediction = await Predict.Create("p", signature).RunAsync(new Example(Inputs(golden)), new LMSettings { Client = client, Adapter = native }, Ct);

        var expectedMessages = golden["processed_messages"]!.AsArray().Select(m => $"{m!["role"]}\n{m["content"]}").ToList();
        Assert.Equal(expectedMessages, client.Messages!.Select(m => $"{m.Role.Value}\n{m.Text}"));
        var sent = client.Options!.Tools!.Cast<AIFunctionDeclaration>().Select(t => new JsonObject
        {
            ["name"] = t.Name,
            // DSPy sends a tool without a docstring with description null; M.E.AI declarations carry "" for none.
            ["description"] = t.Description.Length == 0 ? null : t.Description,
            ["parameters"] = JsonNode.Parse(t.JsonSchema.GetRawText()),
        }).ToList();
        var expectedTools = golden["tools"]!.AsArray().Select(t => t!["function"]!).ToList();
        Assert.Equal(expectedTools.Select(t => t.ToJsonString()), sent.Select(t => t.ToJsonString()));
        var expectedCalls = new ToolCalls([new ToolCall("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 })]);
        Assert.Equal(expectedCalls, prediction[callsField]);
    }

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parses_like_DSPy(string name, string adapter)
    {
        var golden = Case("parse", name, adapter);
        var signature = SignatureOf(golden);
        var completion = golden["completion"]!.GetValue<string>();

        if (golden["error"] is not null)
        {
            var error = Assert.Throws<AdapterParseException>(() => AdapterFor(adapter).Parse(signature, completion));
            GoldenFiles.AssertSameError(JsonDocument.Parse(golden.ToJsonString()).RootElement, error);
            Assert.Equal(ParseFailure.WrongType, error.Failure);
            Assert.Contains("tool_calls", error.Message, StringComparison.Ordinal);
            return;
        }
        var prediction = AdapterFor(adapter).Parse(signature, completion);
        foreach (var (field, value) in golden["expected"]!.AsObject())
            Assert.Equal(Value(value), prediction[field]);
        Assert.IsType<ToolCalls>(prediction["tool_calls"]);
    }
}
