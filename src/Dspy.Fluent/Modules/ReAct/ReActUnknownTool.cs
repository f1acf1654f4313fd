namespace Dspy.Fluent;

/// <summary>What a <see cref="ReAct"/> agent does when the LM names a tool it does not have.</summary>
/// <example>
/// <code>
/// var options = ReActOptions.Default with { UnknownTool = ReActUnknownTool.ReportToLM };
/// </code>
/// </example>
public enum ReActUnknownTool
{
    /// <summary>
    /// As DSPy: the reply does not parse (the tool name is a literal of the tool names), so the adapter's fallback is
    /// tried (with <see cref="ChatAdapter"/>, one <see cref="JsonAdapter"/> call); if that names an unknown tool too, the
    /// loop ends and the answer is extracted from the steps before. The output's trajectory keeps the failed turn as its
    /// last step (the extraction prompt does not show it, as in DSPy). The default.
    /// </summary>
    EndLoop,

    /// <summary>
    /// The unknown name becomes the turn's observation (<c>Execution error in {tool}: there is no tool named …</c>)
    /// listing the tools, and the loop goes on so the LM can correct itself; no fallback call is made. This was the only
    /// behaviour before <see cref="EndLoop"/> became the default.
    /// </summary>
    ReportToLM,
}
