namespace Dspy.Fluent;

/// <summary>
/// Opens persistent code sessions: one interpreter whose variables survive from one piece of code to the next, with
/// host functions (tools, <c>llm_query</c>, …) the code can call and a <c>SUBMIT</c> function that ends a run with a
/// final value.
/// </summary>
/// <remarks>Corresponds to DSPy's <c>CodeInterpreter</c> protocol as CodeAct and RLM use it (state kept across
/// <c>execute</c> calls, <c>tools</c> callable from the code, <c>FinalOutput</c> from <c>SUBMIT</c>).
/// <c>JavaScriptSandbox</c> (package Dspy.Fluent.Jint) is the built-in one.</remarks>
/// <example>
/// <code>
/// ICodeSessionFactory sandbox = new JavaScriptSandbox();
/// await using var session = sandbox.StartSession([new HostFunction("twice", (args, _) =&gt; ValueTask.FromResult&lt;object?&gt;(args[0].GetDouble() * 2))]);
/// await session.ExecuteAsync("var y = twice(21);");
/// var run = await session.ExecuteAsync("SUBMIT(y)"); // run.Submitted[0] is 42
/// </code>
/// </example>
public interface ICodeSessionFactory
{
    /// <summary>The language the LM is asked to write, e.g. <c>JavaScript</c>; it appears in the prompts.</summary>
    /// <example><code>var language = new JavaScriptSandbox().Language; // "JavaScript"</code></example>
    string Language { get; }

    /// <summary>What the LM should know about the environment beyond the language (how state persists, what is
    /// missing), or empty; RLM puts it under "Execution environment:" as DSPy does with an interpreter's
    /// <c>execution_instructions</c>.</summary>
    /// <example><code>var rules = new JavaScriptSandbox().ExecutionInstructions;</code></example>
    string ExecutionInstructions { get; }

    /// <summary>Opens a session in which <paramref name="functions"/> are global functions and <c>SUBMIT</c> ends a
    /// run with its arguments as <see cref="CodeExecutionResult.Submitted"/>.</summary>
    /// <param name="functions">The host functions; their names must be identifiers and distinct, and none may be <c>SUBMIT</c>.</param>
    /// <returns>The session; dispose it when done.</returns>
    /// <example><code>await using var session = new JavaScriptSandbox().StartSession([]);</code></example>
    ICodeSession StartSession(IEnumerable<HostFunction> functions);
}
