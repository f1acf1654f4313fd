namespace Dspy.Cli.Reading;

/// <summary>One few-shot demo, its values rendered as text so both formats compare the same way.</summary>
/// <param name="Fields">Field name to value, in saved order, without the "augmented" marker.</param>
/// <param name="Bootstrapped">True when the demo came from a bootstrapped trace (DSPy's <c>augmented: true</c>).</param>
internal sealed record SavedDemo(IReadOnlyList<KeyValuePair<string, string>> Fields, bool Bootstrapped)
{
    /// <summary>
    /// What identifies "the same demo" across two compiles: its first field (usually the question). Matching on the whole
    /// demo would report an edited answer as one removal plus one addition, which hides what actually changed.
    /// </summary>
    public string Key => Fields.Count == 0 ? "" : $"{Fields[0].Key}={Fields[0].Value}";

    /// <summary>Value equality over the field list (records compare lists by reference).</summary>
    public bool SameAs(SavedDemo other) => Bootstrapped == other.Bootstrapped && Fields.SequenceEqual(other.Fields);
}
