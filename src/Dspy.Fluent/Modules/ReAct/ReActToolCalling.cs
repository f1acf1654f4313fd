namespace Dspy.Fluent;

/// <summary>How a <see cref="ReAct"/> agent's LM picks each tool: in its reply text, or through the provider's function calling.</summary>
/// <example>
/// <code>
/// var options = ReActOptions.Default with { ToolCalling = ReActToolCalling.Native };
/// </code>
/// </example>
public enum ReActToolCalling
{
    /// <summary>
    /// The LM writes <c>next_tool_name</c> and <c>next_tool_args</c> as output fields, with DSPy's prompts byte for
    /// byte. The default: DSPy's ReAct always calls tools this way, whatever the adapter's
    /// <c>use_native_function_calling</c> (that switch applies to <c>ToolCalls</c> outputs, which its ReAct has none of).
    /// </summary>
    Text,

    /// <summary>
    /// The tools and <c>finish</c> are offered as function declarations (<c>ChatOptions.Tools</c>); the LM writes only
    /// <c>next_thought</c> and calls one function, read from the reply's <c>FunctionCallContent</c>. The functions are sent
    /// as declarations only, so a function-invoking middleware in the client pipeline never runs them itself. The
    /// instructions list the tools as in text mode but ask for a function call. No DSPy counterpart.
    /// </summary>
    Native,
}
