namespace Dspy.Fluent;

/// <summary>
/// An MCP server answered a tool call with an error result (<c>isError: true</c>). Inside a <see cref="ReAct"/> agent it
/// becomes the turn's observation (<c>Execution error in {tool}: McpToolException: Failed to call a MCP tool: …</c>), so the
/// LM sees what the server said, as with DSPy's <c>Tool.from_mcp_tool</c>.
/// </summary>
/// <example>
/// <code>
/// try { await tool.InvokeAsync(new AIFunctionArguments { ["sensor"] = "s1" }); }
/// catch (McpToolException e) { Console.WriteLine($"{e.ToolName}: {e.Content}"); }
/// </code>
/// </example>
public sealed class McpToolException : Exception
{
    /// <summary>Creates the exception for a tool's error result.</summary>
    /// <param name="toolName">The tool the server reported the error for.</param>
    /// <param name="content">The error result's text, as DSPy shows it: the one text, or the list of texts.</param>
    /// <example><code>throw new McpToolException("read_sensor", "sensor 's1' is offline");</code></example>
    public McpToolException(string toolName, string content)
        : base($"Failed to call a MCP tool: {content}")
    {
        ToolName = toolName;
        Content = content;
    }

    /// <summary>The tool the server reported the error for.</summary>
    /// <example><code>string tool = e.ToolName;   // "read_sensor"</code></example>
    public string ToolName { get; }

    /// <summary>The error result's text: the one text content, or the list of texts in Python's list form.</summary>
    /// <example><code>string said = e.Content;   // "sensor 's1' is offline"</code></example>
    public string Content { get; }
}
