namespace Dspy.Fluent;

/// <summary>How a <see cref="ReAct"/> agent loops.</summary>
public sealed record ReActOptions
{
    /// <summary>DSPy's default limits.</summary>
    public static ReActOptions Default { get; } = new();

    /// <summary>The most tool calls (thought, tool, arguments, observation) before the agent must answer; DSPy's default is 20.</summary>
    public int MaxIters { get; init; } = 20;

    /// <summary>
    /// The longest trajectory text (in characters) sent to the LM, or null for no limit. When the steps shown would
    /// exceed it, the oldest are left out of the prompt before calling (the newest step is always shown). This bounds
    /// the prompt without waiting for the provider to reject it; a context-window error from the provider still
    /// drops the oldest step and retries.
    /// </summary>
    public int? MaxTrajectoryChars { get; init; }

    /// <summary>
    /// What happens when the LM names a tool the agent does not have: <see cref="ReActUnknownTool.EndLoop"/> (DSPy's
    /// behaviour, the default) ends the loop and extracts the answer; <see cref="ReActUnknownTool.ReportToLM"/> shows the
    /// LM an error observation and goes on.
    /// </summary>
    /// <example>
    /// <code>
    /// var agent = new ReAct("agent", Signature.Parse("question -> answer"), tools, new ReActOptions { UnknownTool = ReActUnknownTool.ReportToLM });
    /// </code>
    /// </example>
    public ReActUnknownTool UnknownTool { get; init; } = ReActUnknownTool.EndLoop;

    /// <summary>
    /// Whether the LM names each tool in its reply text (<see cref="ReActToolCalling.Text"/>, DSPy's way and the default)
    /// or calls it through the provider's native function calling (<see cref="ReActToolCalling.Native"/>).
    /// </summary>
    /// <example>
    /// <code>
    /// var agent = new ReAct("agent", Signature.Parse("question -> answer"), tools, new ReActOptions { ToolCalling = ReActToolCalling.Native });
    /// </code>
    /// </example>
    public ReActToolCalling ToolCalling { get; init; } = ReActToolCalling.Text;
}
