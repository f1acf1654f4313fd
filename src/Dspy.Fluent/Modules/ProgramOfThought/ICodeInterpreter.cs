namespace Dspy.Fluent;

/// <summary>Runs code an LM wrote, in isolation, and reports its result, printed output or error.</summary>
/// <remarks>Corresponds to DSPy's <c>CodeInterpreter</c>. <c>JavaScriptSandbox</c> is the built-in one;
/// implementations must be safe to call concurrently and must never let the code reach the host.</remarks>
public interface ICodeInterpreter
{
    /// <summary>The language the LM is asked to write, e.g. <c>JavaScript</c>; it appears in the prompts.</summary>
    string Language { get; }

    /// <summary>Runs <paramref name="code"/>. Failures of the code (errors, limits) are results, not exceptions.</summary>
    /// <param name="code">The code.</param>
    /// <param name="cancellationToken">Stops the code; cancellation is thrown.</param>
    /// <returns>The result, output or error.</returns>
    Task<CodeExecutionResult> ExecuteAsync(string code, CancellationToken cancellationToken = default);
}
