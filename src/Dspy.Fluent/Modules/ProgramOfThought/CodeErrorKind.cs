namespace Dspy.Fluent;

/// <summary>Why code run by an <see cref="ICodeInterpreter"/> failed.</summary>
public enum CodeErrorKind
{
    /// <summary>It did not fail.</summary>
    None,
    /// <summary>The code does not parse.</summary>
    SyntaxError,
    /// <summary>The code threw (a JavaScript error, or a sandbox guard refusing an operation).</summary>
    RuntimeError,
    /// <summary>It ran longer than the time limit.</summary>
    TimeLimit,
    /// <summary>It executed more statements than allowed (usually an endless loop).</summary>
    StatementLimit,
    /// <summary>Calls or data nested deeper than allowed.</summary>
    RecursionLimit,
    /// <summary>It allocated more memory, or a larger array, than allowed, or asked for a string longer than allowed
    /// (refused before it was built).</summary>
    MemoryLimit,
    /// <summary>The code itself is longer than allowed and was not run.</summary>
    CodeTooLong,
}
