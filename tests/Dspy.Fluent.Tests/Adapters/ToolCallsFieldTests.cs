using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// <see cref="FieldType.Tool"/> and <see cref="FieldType.ToolCalls"/> behaviour that tool-golden.json does not cover: signature
/// spellings, the M.E.AI mapping, native calling without calls in the reply, the structured-output choice, provider-shaped calls.
/// </summary>
public sealed class ToolCallsFieldTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Signature_spellings_read_as_the_tool_types_and_round_trip()
    {
        var signature = Signature.Parse("question, tools: list[Tool] -> answer, calls: ToolCalls");

        Assert.Equal(FieldType.ListOf(FieldType.Tool), signature.Fields.Single(f => f.Name == "tools").Type);
        Assert.Equal(FieldType.ToolCalls, signature.Fields.Single(f => f.Name == "calls").Type);
        Assert.Equal(signature.ToString(), Signature.Parse(signature.ToString()).ToString());
        Assert.Equal(FieldType.Tool, Signature.Parse("tool: dspy.Tool -> calls: dspy.ToolCalls").InputFields[0].Type);
        Assert.Contains("calls: ToolCalls", signature.ToString(), StringComparison.Ordinal);
        Assert.Equal(FieldType.ToolCalls, FieldType.FromClrType(typeof(ToolCalls)));
        Assert.Equal(FieldType.ListOf(FieldType.Tool), FieldType.FromClrType(typeof(IReadOnlyList<AIFunction>)));
    }

    [Fact]
    public void Tool_calls_map_to_and_from_function_call_contents()
    {
        var calls = ToolCalls.FromFunctionCalls([new FunctionCallContent("x", "add", new Dictionary<string, object?> { ["a"] = 1 }), new FunctionCallContent("y", "now")]);

        Assert.Equal(["add", "now"], calls.Calls.Select(c => c.Name));
        Assert.Empty(calls.Calls[1].Args);
        Assert.Equal("{\"tool_calls\": [{\"name\": \"add\", \"args\": {\"a\": 1}}, {\"name\": \"now\", \"args\": {}}]}", calls.ToString());
        var back = calls.ToFunctionCalls();
        Assert.Equal(["call_1", "call_2"], back.Select(c => c.CallId));
        Assert.Equal(1, back[0].Arguments!["a"]);
        Assert.Equal(calls, ToolCalls.FromFunctionCalls(back));
    }

    [Fact]
    public void A_provider_shaped_call_with_string_arguments_is_read_as_DSPy_reads_it()
    {
        var signature = Signature.Parse("question, tools: list[Tool] -> calls: ToolCalls");
        var reply = "[[ ## calls ## ]]\n[{\"id\": \"c1\", \"function\": {\"name\": \"add\", \"arguments\": \"{\\\"a\\\": 1}\"}}]\n\n[[ ## completed ## ]]";

        var calls = Assert.IsType<ToolCalls>(ChatAdapter.Default.Parse(signature, reply)["calls"]);

        Assert.Equal("add", calls.Calls.Single().Name);
        Assert.Equal(1, ((JsonElement)calls.Calls[0].Args["a"]!).GetInt32());
    }

    [Fact]
    public async Task Native_calling_with_no_calls_in_the_reply_leaves_the_field_empty_and_parses_the_text()
    {
        var client = new FixedResponseClient(new ChatResponse(new ChatMessage(ChatRole.Assistant, "{\"answer\": \"Sunny\"}")));
        var signature = Signature.Parse("question, tools: list[Tool] -> answer, calls: ToolCalls");
        var tool = AIFunctionFactory.Create((string city) => "Sunny", "get_weather", "Weather.");

        var prediction = await Predict.Create("p", signature).RunAsync(Example.Create("question", "Lyon?").With("tools", new[] { tool }),
            new LMSettings { Client = client, Adapter = new JsonAdapter() }, Ct);

        Assert.Equal("Sunny", prediction.GetText("answer"));
        Assert.Null(prediction["calls"]);
        Assert.Equal(["get_weather"], client.Options!.Tools!.Select(t => t.Name));
        // Structured output asks only for the text fields: the calls come from the provider's function calling.
        var schema = Assert.IsType<ChatResponseFormatJson>(client.Options.ResponseFormat).Schema!.Value;
        Assert.Equal(["answer"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Native_calling_with_a_calls_output_but_no_tools_input_says_what_to_add()
    {
        var client = new FixedResponseClient(new ChatResponse(new ChatMessage(ChatRole.Assistant, "{}")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Predict.Create("p", "question -> calls: ToolCalls")
            .RunAsync(Example.Create("question", "?"), new LMSettings { Client = client, Adapter = new JsonAdapter() }, Ct));

        Assert.Contains("list[Tool]", error.Message, StringComparison.Ordinal);
        Assert.Contains("'calls'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_native_calling_the_json_adapter_asks_for_plain_json_mode_as_DSPy_does()
    {
        var signature = Signature.Parse("question, tools: list[Tool] -> answer, calls: ToolCalls");

        var text = new JsonAdapter { UseNativeFunctionCalling = false }.ConfigureOptions(signature, new ChatOptions());

        Assert.Same(ChatResponseFormat.Json, text.ResponseFormat);
        Assert.False(ChatAdapter.Default.UseNativeFunctionCalling);
        Assert.True(JsonAdapter.Default.UseNativeFunctionCalling);
        Assert.False(((IAdapter)XmlAdapter.Default).UseNativeFunctionCalling);
    }
}
