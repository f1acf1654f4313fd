namespace Dspy.Fluent;

/// <summary>How an MCP tool's call result becomes the agent's observation (DSPy's <c>result_mode</c> of <c>Tool.from_mcp_tool</c>).</summary>
/// <example>
/// <code>
/// var tools = await McpTools.ListAsync(client, McpToolResultMode.Structured);
/// </code>
/// </example>
public enum McpToolResultMode
{
    /// <summary>The text contents: one text is the observation itself, several are a list of texts; a result without
    /// text gives its other contents (images, resources) as JSON. DSPy's default.</summary>
    Text,

    /// <summary>The result's structured content (JSON) when the server sent one; otherwise as <see cref="Text"/>.</summary>
    Structured,
}
