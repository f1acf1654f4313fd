using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// DSPy's experimental <c>Document</c> inputs and <c>Citations</c> outputs against what DSPy 3.3.1's own ChatAdapter
/// and JSONAdapter (and XMLAdapter, for some cases) did with them (Golden/citations-golden.json, written by make_citations_golden.py): every format case
/// part for part and byte for byte, every parse case value for value (or the same error), every <c>str()</c>.
/// </summary>
public sealed class CitationsGoldenTests
{
    private static readonly JsonNode Golden = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "citations-golden.json")))!;

    public static TheoryData<string> FormatCases => [.. Golden["format"]!.AsArray().Select(c => c!["case"]!.GetValue<string>())];

    public static TheoryData<string> ParseCases => [.. Golden["parse"]!.AsArray().Select(c => c!["case"]!.GetValue<string>())];

    public static TheoryData<int> StrCases => [.. Enumerable.Range(0, Golden["str"]!.AsArray().Count)];

    private static Signature SignatureFor(string name) => name switch
    {
        "docs_qa" => Signature.Parse("documents: list[Document], question -> answer, citations: Citations", "Answer the question from the documents, citing them.")
            .WithFieldDescription("citations", "Where the answer comes from"),
        "one_doc" => Signature.Parse("document: Document -> summary", "Summarize the document.").WithFieldDescription("document", "The source"),
        "cite_only" => Signature.Parse("claim -> citations: Citations"),
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

    private static Document DocumentOf(JsonNode node) => new(node["data"]!.GetValue<string>(), node["title"]?.GetValue<string>(),
        node["media_type"]!.GetValue<string>(), node["context"]?.GetValue<string>());

    private static Citations CitationsOf(JsonNode node) => new(node.AsArray().Select(c => new Citation(c!["cited_text"]!.GetValue<string>(),
        c["document_index"]!.GetValue<int>(), c["start_char_index"]!.GetValue<int>(), c["end_char_index"]!.GetValue<int>(),
        c["document_title"]?.GetValue<string>(), c["supported_text"]?.GetValue<string>()) { Type = c["type"]?.GetValue<string>() ?? "char_location" }));

    private static object? Value(string key, JsonNode? node) => key switch
    {
        "documents" => node!.AsArray().Select(d => DocumentOf(d!)).ToList(),
        "document" => DocumentOf(node!),
        "citations" => CitationsOf(node!),
        _ => node!.GetValue<string>(),
    };

    /// <summary>A message part in DSPy's shape: a text part, or the Anthropic document block our DataContent stands for.</summary>
    private static JsonNode Part(AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                return new JsonObject { ["type"] = "text", ["text"] = text.Text };
            case DataContent data:
                Assert.Equal(true, data.AdditionalProperties?["citations"]);
                var block = new JsonObject
                {
                    ["type"] = "document",
                    ["source"] = new JsonObject
                    {
                        ["type"] = "text", ["media_type"] = data.MediaType,
                        ["data"] = data.MediaType == "text/plain" ? Encoding.UTF8.GetString(data.Data.Span) : Convert.ToBase64String(data.Data.Span),
                    },
                    ["citations"] = new JsonObject { ["enabled"] = true },
                };
                if (data.Name is { } title) block["title"] = title;
                if (data.AdditionalProperties?.TryGetValue("context", out var context) == true) block["context"] = (string)context!;
                return block;
            default:
                throw new InvalidOperationException($"unexpected part {content.GetType().Name}");
        }
    }

    private static JsonNode Content(ChatMessage m) => m.Contents.Count == 1 && m.Contents[0] is TextContent t
        ? JsonValue.Create(t.Text)
        : new JsonArray([.. m.Contents.Select(Part)]);

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Formats_like_DSPy(string name)
    {
        var golden = Case("format", name);
        var signature = SignatureFor(golden["signature"]!.GetValue<string>());
        var demos = golden["demos"]!.AsArray().Select(d => new Example(d!.AsObject().Select(kv => new KeyValuePair<string, object?>(kv.Key, Value(kv.Key, kv.Value))))).ToList();
        var inputs = golden["inputs"]!.AsObject().ToDictionary(kv => kv.Key, kv => Value(kv.Key, kv.Value));

        var messages = AdapterFor(golden["adapter"]!.GetValue<string>()).Format(signature, demos, inputs);

        var expected = golden["messages"]!.AsArray().Select(m => $"{m!["role"]}\n{m["content"]!.ToJsonString()}").ToList();
        Assert.Equal(expected, messages.Select(m => $"{m.Role.Value}\n{Content(m).ToJsonString()}"));
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
            // DSPy's JSONAdapter let pydantic's ValidationError through; here every unreadable reply is an AdapterParseException.
            Assert.Contains(error.GetValue<string>(), new[] { "AdapterParseError", "ValidationError" });
            Assert.Equal(ParseFailure.WrongType, Assert.Throws<AdapterParseException>(() => adapter.Parse(signature, reply)).Failure);
            return;
        }
        var prediction = adapter.Parse(signature, reply);
        var outputs = golden["outputs"]!.AsObject();
        Assert.Equal(outputs["answer"]!.GetValue<string>(), prediction["answer"]);
        Assert.Equal(CitationsOf(outputs["citations"]!), Assert.IsType<Citations>(prediction["citations"]));
    }

    [Theory]
    [MemberData(nameof(StrCases))]
    public void Document_prints_as_DSPy_str(int index)
    {
        var golden = Golden["str"]![index]!;
        Assert.Equal(golden["str"]!.GetValue<string>(), DocumentOf(golden["document"]!).ToString());
    }
}
