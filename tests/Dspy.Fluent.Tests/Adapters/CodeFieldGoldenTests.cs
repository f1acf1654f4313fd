using System.Text.Json.Nodes;

namespace Dspy.Fluent.Tests;

/// <summary>
/// <c>dspy.Code</c> fields against what DSPy 3.3.1's own adapters did with them (Golden/code-golden.json, written by
/// make_code_golden.py): every format case byte for byte, every parse case value for value (or the same error).
/// </summary>
public sealed class CodeFieldGoldenTests
{
    private static readonly JsonNode Golden = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "code-golden.json")))!;

    public static TheoryData<string> FormatCases => [.. Golden["format"]!.AsArray().Select(c => c!["case"]!.GetValue<string>())];

    public static TheoryData<string> ParseCases => [.. Golden["parse"]!.AsArray().Select(c => c!["case"]!.GetValue<string>())];

    private static Signature SignatureFor(string name) => name switch
    {
        "code_out" => Signature.Parse("question -> code: Code", "Write a function that answers the question.")
            .WithFieldDescription("code", "The code to run"),
        "java_in" => Signature.Parse("snippet: Code['java'] -> complexity", "Explain the code's time complexity.")
            .WithFieldDescription("snippet", "The function to analyze"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "a signature the golden file names but this test does not declare"),
    };

    private static IAdapter AdapterFor(string name) => name switch
    {
        "chat" => ChatAdapter.Default,
        "json" => JsonAdapter.Default,
        "xml" => XmlAdapter.Default,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static JsonNode Case(string section, string name) =>
        Golden[section]!.AsArray().Single(c => c!["case"]!.GetValue<string>() == name)!;

    /// <summary>A golden value as the C# value a caller passes: <c>{"code": "..."}</c> is a <see cref="Code"/>.</summary>
    private static object? Value(JsonNode? node) => node switch
    {
        JsonObject o when o.Count == 1 && o["code"] is JsonValue v => new Code(v.GetValue<string>()),
        JsonValue v => v.GetValue<string>(),
        _ => throw new InvalidOperationException($"unexpected golden value {node?.ToJsonString()}"),
    };

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Formats_like_DSPy(string name)
    {
        var golden = Case("format", name);
        var signature = SignatureFor(golden["signature"]!.GetValue<string>());
        var demos = golden["demos"]!.AsArray().Select(d => new Example(d!.AsObject().Select(kv => new KeyValuePair<string, object?>(kv.Key, Value(kv.Value))))).ToList();
        var inputs = golden["inputs"]!.AsObject().ToDictionary(kv => kv.Key, kv => Value(kv.Value));

        var messages = AdapterFor(golden["adapter"]!.GetValue<string>()).Format(signature, demos, inputs);

        var expected = golden["messages"]!.AsArray().Select(m => $"{m!["role"]}\n{m["content"]}").ToList();
        Assert.Equal(expected, messages.Select(m => $"{m.Role.Value}\n{m.Text}"));
    }

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parses_like_DSPy(string name)
    {
        var golden = Case("parse", name);
        var signature = SignatureFor(golden["signature"]!.GetValue<string>());
        var adapter = AdapterFor(golden["adapter"]!.GetValue<string>());
        var reply = golden["reply"]!.GetValue<string>();

        if (golden["error"] is { } error)
        {
            // DSPy let pydantic's ValidationError through; here every unreadable reply is an AdapterParseException.
            Assert.Equal("ValidationError", error.GetValue<string>());
            Assert.Equal(ParseFailure.WrongType, Assert.Throws<AdapterParseException>(() => adapter.Parse(signature, reply)).Failure);
            return;
        }
        var prediction = adapter.Parse(signature, reply);
        foreach (var (field, value) in golden["outputs"]!.AsObject())
            Assert.Equal(Value(value), prediction[field]);
    }
}
