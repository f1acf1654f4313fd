using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// History fields (DSPy's <c>dspy.History</c>): the turns replayed before the request, through ChatAdapter, JsonAdapter and
/// XmlAdapter, byte for byte as DSPy 3.3.1 (Golden/chat-adapter-special-types.json's history case and the history cases of
/// make_adapter_golden.py); then a two-turn conversation end to end.
/// </summary>
public sealed class ConversationHistoryTests
{
    private const string Shared = "chat-adapter-special-types.json";
    private const string Extra = "adapter-golden-extra.json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> FormatCases()
    {
        var data = new TheoryData<string, string, string> { { Shared, "a_history_two_turns", "chat" } };
        foreach (var c in GoldenFiles.Load(Extra).GetProperty("format").EnumerateArray().Where(c => c.GetProperty("case").GetString()!.StartsWith("history_", StringComparison.Ordinal)))
            data.Add(Extra, c.GetProperty("case").GetString()!, c.GetProperty("adapter").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void The_turns_are_replayed_as_DSPy_replays_them(string file, string caseName, string adapterName)
    {
        var golden = GoldenFiles.Case(file, caseName, "format", adapterName);
        IAdapter adapter = adapterName switch { "chat" => ChatAdapter.Default, "json" => JsonAdapter.Default, _ => XmlAdapter.Default };
        var signature = AdapterGoldenTypes.SignatureOf(golden);

        var messages = adapter.Format(signature, GoldenFiles.Demos(golden).Select(WithHistory).ToArray(), WithHistory(GoldenFiles.ToExample(golden.GetProperty("inputs"))));

        Assert.Equal(FieldType.History, signature.InputFields.Single(f => f.Name == "history").Type);
        GoldenFiles.AssertSameMessages(golden, messages);
    }

    [Fact]
    public async Task A_second_turn_sends_the_first_one_back_and_Append_builds_the_history()
    {
        var lm = ScriptedChatClient.InOrder(
            new Dictionary<string, object?> { ["answer"] = "Paris" }, new Dictionary<string, object?> { ["answer"] = "About two million." });
        var chat = Predict.Create("chat", "question, history: History -> answer");
        var settings = new LMSettings { Client = lm };

        var first = await chat.RunAsync(Example.Create("question", "Capital of France?").With("history", ConversationHistory.Empty), settings, Ct);
        var history = ConversationHistory.Empty.Append(Example.Create("question", "Capital of France?").With("history", ConversationHistory.Empty), first);
        await chat.RunAsync(Example.Create("question", "Its population?").With("history", history), settings, Ct);

        Assert.Equal([new Dictionary<string, object?> { ["question"] = "Capital of France?", ["answer"] = "Paris" }], history.Messages);
        Assert.Equal(2, lm.Requests[0].Messages.Count);
        var second = lm.Requests[1].Messages.Select(m => (m.Role.Value, m.Text)).ToArray();
        Assert.Equal(("user", "[[ ## question ## ]]\nCapital of France?"), second[1]);
        Assert.Equal(("assistant", "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]\n"), second[2]);
        Assert.StartsWith("[[ ## question ## ]]\nIts population?\n\nRespond with", second[3].Text);
        Assert.Equal(4, second.Length);
    }

    [Fact]
    public void A_history_field_given_something_else_is_an_error_that_says_what_to_pass()
    {
        var signature = Signature.Parse("question, history: History -> answer");

        var error = Assert.Throws<ArgumentException>(() =>
            ChatAdapter.Default.Format(signature, [], Example.Create("question", "Q").With("history", new[] { "not", "a", "history" })));

        Assert.StartsWith("The input 'history' is a History field, so its value must be a ConversationHistory (or its saved JSON form, {\"messages\": [...]}), not String[].", error.Message);
        Assert.Throws<ArgumentException>(() => new ConversationHistory([null!]));
    }

    [Fact]
    public void A_demo_history_survives_save_and_load_and_is_exported_as_DSPy_dumps_it()
    {
        var chat = Predict.Create("chat", "question, history: History -> answer");
        var earlier = new ConversationHistory([new Dictionary<string, object?> { ["question"] = "Q1", ["answer"] = "A1" }]);
        var compiled = chat.WithState(ProgramState.Empty.With("chat", new PredictorState
        {
            Demos = [Example.Create("question", "Q2").With("history", earlier).With("answer", "A2").WithInputs("question", "history")],
        }));
        var input = Example.Create("question", "Q4").With("history", new ConversationHistory([new Dictionary<string, object?> { ["question"] = "Q3", ["answer"] = "A3" }]));

        var loaded = chat.WithState(ProgramState.FromJson(compiled.State.ToJson()));
        var exported = System.Text.Json.Nodes.JsonNode.Parse(DspyProgramState.Export(compiled.State, compiled.Predictors))!["chat"]!["demos"];

        Assert.IsType<JsonElement>(loaded.State.Find("chat")!.Demos[0]["history"]);
        Assert.Equal(Prompt(compiled, input), Prompt(loaded, input));
        // What DSPy 3.3.1's dump_state writes for this demo (make it with Predict.dump_state()["demos"]).
        var dspy = System.Text.Json.Nodes.JsonNode.Parse("""[{"question": "Q2", "history": {"messages": [{"question": "Q1", "answer": "A1"}]}, "answer": "A2"}]""");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(dspy, exported), exported!.ToJsonString());
    }

    [Fact]
    public void A_history_given_as_its_JSON_form_replays_the_same_turns_as_the_object()
    {
        var signature = Signature.Parse("question, history: History -> answer");
        var history = new ConversationHistory([new Dictionary<string, object?> { ["question"] = "Q1", ["answer"] = "A1" }, new Dictionary<string, object?> { ["question"] = "Q2" }]);
        using var json = JsonDocument.Parse("""{"messages": [{"question": "Q1", "answer": "A1"}, {"question": "Q2"}]}""");

        var fromObject = ChatAdapter.Default.Format(signature, [], Example.Create("question", "Q3").With("history", history));
        var fromJson = ChatAdapter.Default.Format(signature, [], Example.Create("question", "Q3").With("history", json.RootElement.Clone()));

        Assert.Equal(6, fromObject.Count);
        Assert.Equal(fromObject.Select(m => (m.Role, m.Text)), fromJson.Select(m => (m.Role, m.Text)));
    }

    private static (ChatRole Role, string Text)[] Prompt(Program<Example, Prediction> program, Example input) =>
        [.. ChatAdapter.Default.Format(program.Predictors[0].Signature, program.State.Find("chat")!.Demos, input).Select(m => (m.Role, m.Text))];

    /// <summary>The example with its history field (<c>{"messages": [...]}</c>, or DSPy's <c>{"$type": "dspy.History", "value": …}</c>) as a ConversationHistory.</summary>
    private static Example WithHistory(Example example)
    {
        if (!example.TryGetValue("history", out var value) || value is not JsonElement json) return example;
        var history = json.TryGetProperty("$type", out _) ? json.GetProperty("value") : json;
        var messages = history.GetProperty("messages").EnumerateArray()
            .Select(m => (IReadOnlyDictionary<string, object?>)m.EnumerateObject().ToDictionary(p => p.Name, p => (object?)(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.Clone())));
        return example.With("history", new ConversationHistory(messages));
    }
}
