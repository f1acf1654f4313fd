using System.Text.Json;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The pydantic models of the shared chat-adapter-special-types vectors as C# records. Their <c>Address</c> has a street
/// where make_adapter_golden.py's has a zip, so they live apart from <see cref="AdapterGoldenTypes"/>.
/// </summary>
public static class SpecialTypesGoldenTypes
{
    /// <summary><c>class Address(BaseModel): street: str; city: str</c>.</summary>
    public sealed record Address(string Street, string City);

    public static readonly Type[] All = [typeof(AdapterGoldenTypes.Person), typeof(Address)];
}

/// <summary>
/// The ReAct and pydantic cases of the shared chat-adapter-special-types.json and every case of
/// chat-adapter-special-types-parse.json, through the real API: the agent's own requests byte for byte, records
/// formatted as inputs, demos and output schemas, and replies parsed to the same values and Python types as DSPy's.
/// (The image and history cases of the same file are ImageFieldTests' and ConversationHistoryTests'.)
/// </summary>
public sealed class SpecialTypesGoldenTests
{
    private const string Format = "chat-adapter-special-types.json";
    private const string Parse = "chat-adapter-special-types-parse.json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> RecordFormatCases() => new("k_pydantic_output", "m_pydantic_input_list_output_demo");

    public static TheoryData<string> ParseCases() =>
        new(GoldenFiles.Load(Parse).EnumerateArray().Select(c => c.GetProperty("case").GetString()!));

    /// <summary>The tools of DSPy's script (their <c>python_source</c>), as the agent's functions.</summary>
    private static AIFunction[] Tools() =>
    [
        AIFunctionFactory.Create((string city) => $"The weather in {city} is sunny, 21 degrees Celsius.",
            "get_weather", "Get the current weather for a city."),
        AIFunctionFactory.Create((string query, int max_results = 3) => Enumerable.Range(1, max_results).Select(i => $"Result {i} for {query}").ToArray(),
            "search_wikipedia", "Search Wikipedia and return the first paragraphs of the top results."),
    ];

    private static ReAct Agent() => new("agent", "question -> answer", Tools());

    [Fact]
    public async Task A_ReAct_agent_sends_DSPy_first_turn_and_extract_prompts_byte_for_byte()
    {
        var first = GoldenFiles.Case(Format, "g_react_first_turn", "format", "chat");
        var extract = GoldenFiles.Case(Format, "i_react_extract", "format", "chat");
        var steps = extract.GetProperty("trajectory_steps");
        var lm = ScriptedChatClient.RawInOrder(
            Turn(steps.GetProperty("thought_0").GetString()!, "get_weather", steps.GetProperty("tool_args_0").GetRawText()),
            Turn(steps.GetProperty("thought_1").GetString()!, "finish", steps.GetProperty("tool_args_1").GetRawText()),
            "[[ ## reasoning ## ]]\nIt is sunny.\n\n[[ ## answer ## ]]\nSunny, 21 degrees Celsius.\n\n[[ ## completed ## ]]");
        var agent = Agent();

        await agent.RunAsync(GoldenFiles.ToExample(first.GetProperty("inputs")).Without("trajectory"), new LMSettings { Client = lm }, Ct);

        Assert.Equal(ToolsOf(first), agent.Tools.Select(t => (t.Name, t.Description ?? "")));
        Assert.Equal(first.GetProperty("effective_instructions").GetString(), agent.React.Signature.Instructions);
        GoldenFiles.AssertSameMessages(first, lm.Requests[0].Messages);
        Assert.Equal(extract.GetProperty("effective_instructions").GetString(), agent.Extract.Signature.Instructions);
        GoldenFiles.AssertSameMessages(extract, lm.Requests[2].Messages);
    }

    [Theory]
    [MemberData(nameof(RecordFormatCases))]
    public void Record_inputs_demos_and_output_schemas_match_DSPy_byte_for_byte(string caseName)
    {
        var golden = GoldenFiles.Case(Format, caseName, "format", "chat");
        var signature = SignatureOf(golden);

        var messages = ChatAdapter.Default.Format(signature,
            [.. golden.GetProperty("demos").EnumerateArray().Select(d => Typed(signature, d))], Typed(signature, golden.GetProperty("inputs")));

        Assert.Equal(golden.GetProperty("effective_instructions").GetString(), signature.Instructions);
        GoldenFiles.AssertSameMessages(golden, messages);
    }

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Replies_parse_to_DSPy_values_and_Python_types(string caseName)
    {
        var golden = GoldenFiles.Case(Parse, caseName, "parse", "chat");
        var signature = golden.TryGetProperty("built_with", out _) ? Agent().React.Signature : SignatureOf(golden);

        var parsed = ChatAdapter.Default.Parse(signature, golden.GetProperty("completion").GetString()!);

        Assert.Equal(golden.GetProperty("effective_instructions").GetString(), signature.Instructions);
        Assert.Equal(golden.GetProperty("expected").EnumerateObject().Select(p => p.Name), parsed.Keys);
        foreach (var expected in golden.GetProperty("expected").EnumerateObject())
        {
            Assert.Equal(Unwrapped(expected.Value).GetRawText(), AdapterGoldenTypes.Json(parsed[expected.Name]));
            Assert.Equal(golden.GetProperty("expected_types").GetProperty(expected.Name).GetString(), PythonTypeName(parsed[expected.Name]));
        }
    }

    private static string Turn(string thought, string tool, string args) =>
        $"[[ ## next_thought ## ]]\n{thought}\n\n[[ ## next_tool_name ## ]]\n{tool}\n\n[[ ## next_tool_args ## ]]\n{args}\n\n[[ ## completed ## ]]";

    private static IEnumerable<(string, string)> ToolsOf(JsonElement golden) =>
        golden.GetProperty("tools").EnumerateArray().Select(t => (t.GetProperty("value").GetProperty("name").GetString()!, t.GetProperty("value").GetProperty("desc").GetString()!));

    private static Signature SignatureOf(JsonElement golden)
    {
        var sig = golden.GetProperty("signature");
        string Fields(string kind) => string.Join(", ", sig.GetProperty(kind).EnumerateObject().Select(f => $"{f.Name}: {f.Value.GetString()}"));
        return Signature.Parse($"{Fields("inputs")} -> {Fields("outputs")}", golden.GetProperty("instructions").GetString(), SpecialTypesGoldenTypes.All);
    }

    /// <summary>An example whose <c>{"$type": Model, "value": …}</c> values are instances of the field's record type, as a caller would pass them.</summary>
    private static Example Typed(Signature signature, JsonElement values) =>
        Example.From(values.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name,
            JsonSerializer.Deserialize(Unwrapped(p.Value).GetRawText(), signature.Fields.Single(f => f.Name == p.Name).Type.ClrType!, DspyJson.Options))));

    /// <summary>A golden value without its <c>$type</c> wrappers, at any depth.</summary>
    private static JsonElement Unwrapped(JsonElement value) => JsonSerializer.SerializeToElement(Plain(value));

    private static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object when value.TryGetProperty("$type", out _) => Plain(value.GetProperty("value")),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(Plain).ToList(),
        _ => value,
    };

    /// <summary>The Python type DSPy's parse returned for a value we parsed: a record by its name, else <c>str</c>, <c>list</c>, <c>dict</c>….</summary>
    private static string PythonTypeName(object? value) => value switch
    {
        string => "str",
        long or int => "int",
        double => "float",
        bool => "bool",
        System.Collections.IDictionary or IReadOnlyDictionary<string, object?> => "dict",
        System.Collections.IEnumerable => "list",
        null => "NoneType",
        _ => value.GetType().Name,
    };
}
