namespace Dspy.Fluent;

/// <summary>A piece of one output field's text, read from an LM reply while it streams in.</summary>
/// <param name="Field">The output field the text belongs to.</param>
/// <param name="Text">The text, decoded (XML entities and JSON escapes already resolved).</param>
/// <example><code>var chunk = new FieldChunk("answer", "Par"); // then "is"</code></example>
public readonly record struct FieldChunk(string Field, string Text);
