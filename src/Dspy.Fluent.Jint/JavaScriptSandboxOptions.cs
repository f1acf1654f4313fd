namespace Dspy.Fluent;

/// <summary>The limits of a <see cref="JavaScriptSandbox"/>. Each run gets a fresh engine with these limits.</summary>
public sealed record JavaScriptSandboxOptions
{
    /// <summary>Limits suited to the short computations ProgramOfThought asks for.</summary>
    public static JavaScriptSandboxOptions Default { get; } = new();

    /// <summary>Wall-clock limit per run (also bounds each regular-expression match).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Memory the code may allocate, in bytes (Jint's <c>LimitMemory</c>).</summary>
    public long MemoryLimitBytes { get; init; } = 32_000_000;

    /// <summary>Statements the code may execute (Jint's <c>MaxStatements</c>).</summary>
    public int MaxStatements { get; init; } = 5_000_000;

    /// <summary>How deep the code may recurse (Jint's <c>LimitRecursion</c>).</summary>
    public int MaxRecursionDepth { get; init; } = 256;

    /// <summary>The largest array the code may create (Jint's <c>MaxArraySize</c>; arrays grow in powers of two, so the
    /// practical limit is the power of two at or below it).</summary>
    public uint MaxArrayLength { get; init; } = 1_000_000;

    /// <summary>The longest string the amplifying built-ins (<c>repeat</c>, <c>join</c>, <c>concat</c>, <c>replace</c>,
    /// <c>padStart</c>…) may build in one call, checked before they allocate.</summary>
    public int MaxStringLength { get; init; } = 4_000_000;

    /// <summary>The longest regular-expression source the code may compile from a string.</summary>
    public int MaxPatternLength { get; init; } = 10_000;

    /// <summary>The most printed characters kept, and the longest result text; the rest is cut with a note (both reach a prompt).</summary>
    public int MaxOutputChars { get; init; } = 16_000;

    /// <summary>The longest code accepted at all.</summary>
    public int MaxCodeLength { get; init; } = 100_000;
}
