using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>What running a piece of code produced.</summary>
public sealed record CodeExecutionResult
{
    /// <summary>The value of the code's last expression as text (strings verbatim, other values as JSON), or null when it
    /// had none; cut with a note beyond the interpreter's output limit (e.g. <c>JavaScriptSandboxOptions.MaxOutputChars</c>).</summary>
    public string? Result { get; init; }

    /// <summary>What the code printed (<c>print</c> / <c>console.log</c>), one line per call; capped, with a note when cut.</summary>
    public string Output { get; init; } = "";

    /// <summary>The error text the LM is shown, or null when the code succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>Why it failed; <see cref="CodeErrorKind.None"/> on success.</summary>
    public CodeErrorKind ErrorKind { get; init; }

    /// <summary>The arguments the code passed to <c>SUBMIT</c> in an <see cref="ICodeSession"/>, which ended the run
    /// there; null when it did not call it.</summary>
    /// <example><code>if (run.Submitted is { } values) Console.WriteLine(values[0]);</code></example>
    public IReadOnlyList<JsonElement>? Submitted { get; init; }

    /// <summary>Whether the code ran to the end (or to <c>SUBMIT</c>).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Bytes allocated on the executing thread during the run (what the memory limit measures), or 0 when unknown.</summary>
    public long AllocatedBytes { get; init; }
}
