namespace Dspy.Fluent;

/// <summary>One turn of a <see cref="ReAct"/> agent: what it thought, which tool it called with which arguments, and what came back.</summary>
/// <param name="Index">The turn number, from 0; the trajectory shows it as <c>thought_{Index}</c>, <c>tool_name_{Index}</c>, ….</param>
/// <param name="Thought">The LM's <c>next_thought</c>.</param>
/// <param name="ToolName">The tool the LM chose (<c>finish</c> to stop), exactly as it wrote it.</param>
/// <param name="ToolArgs">The arguments as JSON text (normalised when they parsed, verbatim otherwise).</param>
/// <param name="Observation">The tool's result, or the error text the LM was shown instead; for a turn that named an
/// unknown tool and so ended the loop (<see cref="ReActUnknownTool.EndLoop"/>), why it ended (the LM never sees that turn).</param>
public sealed record ReActStep(int Index, string Thought, string ToolName, string ToolArgs, string Observation);
