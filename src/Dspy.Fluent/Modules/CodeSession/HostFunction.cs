using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// A function the host offers to code in an <see cref="ICodeSession"/>: the code calls it by name with positional
/// arguments, which arrive as JSON; what it returns goes back to the code through JSON (a string stays a string).
/// An exception it throws becomes an <c>Error</c> with the same message in the code, which the code may catch.
/// </summary>
/// <example>
/// <code>
/// var add = new HostFunction("add", (args, ct) =&gt; ValueTask.FromResult&lt;object?&gt;(args[0].GetDouble() + args[1].GetDouble()));
/// </code>
/// </example>
public sealed class HostFunction
{
    /// <summary>Creates a host function.</summary>
    /// <param name="name">The name the code calls it by; an identifier.</param>
    /// <param name="invoke">Receives the arguments (as JSON) and the run's cancellation token; returns the result.</param>
    /// <exception cref="ArgumentException">The name is not an identifier.</exception>
    /// <example><code>var now = new HostFunction("today", (_, _) =&gt; ValueTask.FromResult&lt;object?&gt;("2025-01-01"));</code></example>
    public HostFunction(string name, Func<IReadOnlyList<JsonElement>, CancellationToken, ValueTask<object?>> invoke)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(invoke);
        if (!IsIdentifier(name))
            throw new ArgumentException($"Host function name '{name}' is not an identifier (letters, digits, _ or $, not starting with a digit); code could not call it.", nameof(name));
        Name = name;
        Invoke = invoke;
    }

    /// <summary>The name the code calls it by.</summary>
    /// <example><code>var name = add.Name; // "add"</code></example>
    public string Name { get; }

    /// <summary>The implementation.</summary>
    /// <example><code>var result = await add.Invoke([JsonSerializer.SerializeToElement(1), JsonSerializer.SerializeToElement(2)], default);</code></example>
    public Func<IReadOnlyList<JsonElement>, CancellationToken, ValueTask<object?>> Invoke { get; }

    internal static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
}
