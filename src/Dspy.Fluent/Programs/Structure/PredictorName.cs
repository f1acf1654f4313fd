namespace Dspy.Fluent;

/// <summary>
/// A predictor's stable name as a value: a dotted path such as <c>agent.react</c>, composed with <c>/</c>. The dotted text
/// is DSPy's spelling and is what prompts, traces and saved files use.
/// </summary>
/// <remarks>
/// Segments may hold any character but <c>.</c> and whitespace at their ends (DSPy's list attributes such as
/// <c>generate_query[0]</c> are one segment). A name converts to its text implicitly, so it can be used wherever a
/// string key is expected.
/// </remarks>
/// <example>
/// <code>
/// var agent = new PredictorName("agent");
/// PredictorName loop = agent / "react";   // agent.react
/// string key = loop;                      // "agent.react"
/// </code>
/// </example>
public readonly record struct PredictorName : IComparable<PredictorName>
{
    private readonly string? _value;

    /// <summary>A name from its dotted text, e.g. <c>generate_answer</c> or <c>agent.react</c>.</summary>
    /// <param name="value">The dotted text.</param>
    /// <exception cref="ArgumentException">Empty, or with an empty or blank segment.</exception>
    public PredictorName(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        foreach (var segment in value.Split('.'))
            if (segment.Length == 0 || segment.Trim().Length != segment.Length)
                throw new ArgumentException(
                    $"'{value}' is not a predictor name: every dot-separated segment must be non-empty with no surrounding whitespace (e.g. 'agent.react').",
                    nameof(value));
        _value = value;
    }

    /// <summary>The dotted text, e.g. <c>agent.react</c>.</summary>
    public string Value => _value ?? throw new InvalidOperationException("This PredictorName is default(PredictorName), which names nothing; build one with new PredictorName(\"…\").");

    /// <summary>The path's segments, e.g. <c>["agent", "react"]</c>.</summary>
    public IReadOnlyList<string> Segments => Value.Split('.');

    /// <summary>The last segment, e.g. <c>react</c> in <c>agent.react</c>.</summary>
    public string Leaf => Value[(Value.LastIndexOf('.') + 1)..];

    /// <summary>The name without its last segment, or null for a one-segment name.</summary>
    public PredictorName? Parent => Value.LastIndexOf('.') is var i and > 0 ? new PredictorName(Value[..i]) : null;

    /// <summary>A child name: <c>agent / "react"</c> is <c>agent.react</c>.</summary>
    /// <param name="parent">The parent path.</param>
    /// <param name="child">One or more segments to append.</param>
    public static PredictorName operator /(PredictorName parent, string child)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(child);
        return new PredictorName(parent.Value + "." + child);
    }

    /// <summary>The child name <paramref name="child"/> under this one (the plain-named twin of <c>/</c>).</summary>
    /// <param name="child">One or more segments to append.</param>
    public PredictorName Child(string child) => this / child;

    /// <summary>The dotted text.</summary>
    /// <param name="name">The name.</param>
    public static implicit operator string(PredictorName name) => name.Value;

    /// <summary>A name from its dotted text (the same as the constructor).</summary>
    /// <param name="value">The dotted text.</param>
    public static PredictorName Parse(string value) => new(value);

    /// <inheritdoc />
    public int CompareTo(PredictorName other) => string.CompareOrdinal(_value, other._value);

    /// <inheritdoc />
    public bool Equals(PredictorName other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The dotted text.</summary>
    public override string ToString() => _value ?? "";
}
