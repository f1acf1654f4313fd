using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;

namespace Dspy.Fluent;

/// <summary>
/// The tools of an MCP server as <see cref="ReAct"/> tools: each keeps the server's name, description and argument
/// schemas (shown to the LM the way DSPy shows them), calls the server, and turns the call result into the observation.
/// </summary>
/// <remarks>
/// <para>Corresponds to DSPy's <c>dspy.Tool.from_mcp_tool(session, tool)</c>. As there, <c>$ref</c>s into the input
/// schema's <c>$defs</c> are expanded in each argument's schema; an argument the schema does not list is refused before
/// the call (<c>Arg x is not in the tool's args.</c>) unless the schema allows additional properties; an error result
/// raises <see cref="McpToolException"/>.</para>
/// <para>The client stays yours: keep it open while the agent runs and dispose it afterwards.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var client = await McpClient.CreateAsync(new StdioClientTransport(new() { Command = "my-mcp-server" }));
/// var agent = new ReAct("agent", "question -> answer", await McpTools.ListAsync(client));
/// </code>
/// </example>
public static class McpTools
{
    /// <summary>Lists the server's tools as agent tools.</summary>
    /// <param name="client">A connected MCP client.</param>
    /// <param name="resultMode">Whether observations are the text results (DSPy's default) or the structured content.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The tools, in the server's order.</returns>
    /// <example>
    /// <code>
    /// IReadOnlyList&lt;AIFunction&gt; tools = await McpTools.ListAsync(client);
    /// var structured = await McpTools.ListAsync(client, McpToolResultMode.Structured);
    /// </code>
    /// </example>
    public static async Task<IReadOnlyList<AIFunction>> ListAsync(McpClient client, McpToolResultMode resultMode = McpToolResultMode.Text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckMode(resultMode);
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return tools.Select(t => (AIFunction)new McpAgentTool(t, resultMode)).ToArray();
    }

    /// <summary>One MCP tool as an agent tool whose observation is its text result.</summary>
    /// <param name="tool">A tool listed by an MCP client.</param>
    /// <returns>The agent tool.</returns>
    /// <example>
    /// <code>
    /// var add = McpTools.From((await client.ListToolsAsync()).Single(t => t.Name == "add"));
    /// </code>
    /// </example>
    public static AIFunction From(McpClientTool tool) => From(tool, McpToolResultMode.Text);

    /// <summary>One MCP tool as an agent tool.</summary>
    /// <param name="tool">A tool listed by an MCP client.</param>
    /// <param name="resultMode">Whether the observation is the text result or the structured content.</param>
    /// <returns>The agent tool.</returns>
    /// <example>
    /// <code>
    /// var add = McpTools.From(listed[0], McpToolResultMode.Structured);
    /// </code>
    /// </example>
    public static AIFunction From(McpClientTool tool, McpToolResultMode resultMode)
    {
        ArgumentNullException.ThrowIfNull(tool);
        CheckMode(resultMode);
        return new McpAgentTool(tool, resultMode);
    }

    private static void CheckMode(McpToolResultMode resultMode)
    {
        if (!Enum.IsDefined(resultMode))
            throw new ArgumentOutOfRangeException(nameof(resultMode), resultMode, "The result mode must be McpToolResultMode.Text or McpToolResultMode.Structured.");
    }
}
