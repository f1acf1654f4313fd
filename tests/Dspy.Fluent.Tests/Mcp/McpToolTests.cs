using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>MCP tools from a real server process over stdio as ReAct tools (Dspy.Fluent.Mcp, DSPy's Tool.from_mcp_tool).</summary>
public sealed class McpToolTests(McpServerFixture server) : IClassFixture<McpServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyDictionary<string, object?> Turn(string thought, string tool, string args) =>
        Replies.Of(("next_thought", thought), ("next_tool_name", tool), ("next_tool_args", args));

    [Fact]
    public async Task The_servers_tools_are_listed_with_their_names_descriptions_and_schemas_and_the_loop_prompt_shows_them_as_for_local_tools()
    {
        var tools = await McpTools.ListAsync(server.Client, cancellationToken: Ct);

        Assert.Equal(["add", "capital_of", "read_sensor", "snapshot"], tools.Select(t => t.Name).Order());
        var add = tools.Single(t => t.Name == "add");
        Assert.Equal("Adds two whole numbers and returns the sum.", add.Description);
        var local = AIFunctionFactory.Create([Description("Adds two whole numbers and returns the sum.")] (int a, int b) => a + b, "add");
        var overMcp = new ReAct("agent", "question -> answer", [add]).React.Signature.Instructions;
        Assert.Equal(new ReAct("agent", "question -> answer", [local]).React.Signature.Instructions, overMcp);
        Assert.Contains("(1) add, whose description is <desc>Adds two whole numbers and returns the sum.</desc>. It takes arguments {'a': {'type': 'integer'}, 'b': {'type': 'integer'}}.", overMcp);
    }

    [Fact]
    public async Task ReAct_answers_a_question_offline_on_the_simulated_LM_through_the_servers_tool()
    {
        var tools = await McpTools.ListAsync(server.Client, cancellationToken: Ct);
        var agent = new ReAct("agent", "question -> answer", tools.Where(t => t.Name == "add"), maxIters: 4);

        var outcome = await agent.TryRunAsync(Example.Create("question", "What is 17 plus 25?"), new LMSettings { Client = new SimulatedLM() }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        var first = outcome.Output!.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField)[0];
        Assert.Equal(new ReActStep(0, first.Thought, "add", "{\"a\": 17, \"b\": 25}", "42"), first);
        Assert.Contains("42", outcome.Output.GetText("answer"));
    }

    [Fact]
    public async Task A_typed_agent_looks_up_a_capital_through_the_server_with_the_arguments_the_LM_chose()
    {
        var tools = await McpTools.ListAsync(server.Client, cancellationToken: Ct);
        var lm = ScriptedChatClient.InOrder(
            Turn("Ask the server.", "capital_of", "{\"country\": \"Japan\"}"),
            Turn("I have it.", "finish", "{}"),
            Replies.Of(("reasoning", "The tool said Tokyo."), ("answer", "Tokyo")));
        var agent = new ReAct<MathQuestion, MathAnswer>("geo", tools, maxIters: 3);

        var answer = await agent.RunAsync(new MathQuestion("What is the capital of Japan?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("Tokyo", answer.Answer);
        Assert.Contains("[[ ## observation_0 ## ]]\nTokyo", lm.Requests[1].User());
    }

    [Fact]
    public async Task An_error_result_from_the_server_raises_McpToolException_and_the_agent_shows_it_as_an_execution_error()
    {
        var tools = await McpTools.ListAsync(server.Client, cancellationToken: Ct);
        var sensor = tools.Single(t => t.Name == "read_sensor");

        var error = await Assert.ThrowsAsync<McpToolException>(async () => await sensor.InvokeAsync(new AIFunctionArguments { ["sensor"] = "s1" }, Ct));
        Assert.Equal("Failed to call a MCP tool: sensor 's1' is offline", error.Message);
        Assert.Equal("read_sensor", error.ToolName);

        var lm = ScriptedChatClient.InOrder(
            Turn("Read it.", "read_sensor", "{\"sensor\": \"s1\"}"),
            Turn("It failed.", "finish", "{}"),
            Replies.Of(("reasoning", "offline"), ("answer", "unknown")));
        var result = await new ReAct("agent", "question -> answer", [sensor]).RunAsync(Example.Create("question", "Reading?"), new LMSettings { Client = lm }, Ct);
        Assert.Equal("Execution error in read_sensor: McpToolException: Failed to call a MCP tool: sensor 's1' is offline",
            result.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField)[0].Observation);
    }

    [Fact]
    public async Task An_argument_the_schema_does_not_list_is_refused_before_the_server_is_called()
    {
        var add = (await McpTools.ListAsync(server.Client, cancellationToken: Ct)).Single(t => t.Name == "add");

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await add.InvokeAsync(new AIFunctionArguments { ["a"] = 1, ["c"] = 2 }, Ct));

        Assert.Equal("Arg c is not in the tool's args. The tool 'add' takes: a, b.", error.Message);
        Assert.Equal("5", await add.InvokeAsync(new AIFunctionArguments { ["a"] = 2, ["b"] = 3 }, Ct));
    }

    [Fact]
    public async Task A_result_without_text_is_handed_on_as_its_content_blocks()
    {
        var snapshot = (await McpTools.ListAsync(server.Client, cancellationToken: Ct)).Single(t => t.Name == "snapshot");

        var result = await snapshot.InvokeAsync(new AIFunctionArguments(), Ct);

        var blocks = Assert.IsType<System.Text.Json.JsonElement>(result);
        var block = Assert.Single(blocks.EnumerateArray());
        Assert.Equal("image", block.GetProperty("type").GetString());
        Assert.Equal("iVBORw0KGgo=", block.GetProperty("data").GetString());
        Assert.Equal("image/png", block.GetProperty("mimeType").GetString());
    }
}
