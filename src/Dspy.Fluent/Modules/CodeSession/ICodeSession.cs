namespace Dspy.Fluent;

/// <summary>
/// One persistent interpreter: each <see cref="ExecuteAsync"/> runs code in the same global scope, so variables and
/// functions one piece of code defines are there for the next. Runs are sequential (one at a time).
/// </summary>
/// <remarks>Failures of the code (errors, limits) are results, as with <see cref="ICodeInterpreter"/>; the session
/// stays usable after them. Cancelling a run ends the session.</remarks>
/// <example>
/// <code>
/// await using var session = new JavaScriptSandbox().StartSession([]);
/// session.SetVariable("context", "a long document…");
/// var run = await session.ExecuteAsync("print(context.length)");
/// </code>
/// </example>
public interface ICodeSession : IAsyncDisposable
{
    /// <summary>Runs <paramref name="code"/> in the session's global scope.</summary>
    /// <param name="code">The code.</param>
    /// <param name="cancellationToken">Stops the code (and any host function it is in); cancellation is thrown and the session ends.</param>
    /// <returns>The result, output, error, or what <c>SUBMIT</c> was called with.</returns>
    /// <example><code>var run = await session.ExecuteAsync("var n = 6 * 7; n");</code></example>
    Task<CodeExecutionResult> ExecuteAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Defines (or replaces) a global variable holding <paramref name="value"/>, converted through JSON
    /// (strings stay strings; records, lists and dictionaries become objects and arrays).</summary>
    /// <param name="name">An identifier.</param>
    /// <param name="value">The value.</param>
    /// <example><code>session.SetVariable("numbers", new[] { 1, 2, 3 });</code></example>
    void SetVariable(string name, object? value);
}
