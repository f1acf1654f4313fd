using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Dspy.Fluent;

/// <summary>
/// Source code as a field value (DSPy's <c>dspy.Code</c>): the code alone, without the markdown fence an LM wraps it in.
/// A field typed <see cref="FieldType.Code"/> (<c>Code</c>, or <c>Code["java"]</c> for another language) is read into one.
/// </summary>
/// <remarks>Reading follows DSPy: the first fenced block is taken (any language tag dropped), else a one-line
/// <c>```code```</c>, else the text as it is. In prompts and saved programs a value is its code text, as in DSPy.</remarks>
/// <example>
/// <code>
/// var generate = Predict.Create("generate", "question -> code: Code");
/// var result = await generate.RunAsync(Example.Create("question", "Sum a list."), settings);
/// Code code = result.Get&lt;Code&gt;("code"); // code.Text == "return sum(xs)"
/// </code>
/// </example>
[JsonConverter(typeof(CodeJsonConverter))]
public sealed partial record Code
{
    /// <summary>Wraps code text as it is (no fence is removed); use <see cref="FromReply"/> for text an LM wrote.</summary>
    /// <param name="text">The code.</param>
    /// <example><code>var code = new Code("print(1)");</code></example>
    public Code(string text) => Text = text ?? throw new ArgumentNullException(nameof(text), "Code needs its text; pass \"\" for empty code.");

    /// <summary>The code, without any markdown fence.</summary>
    /// <example><code>Console.WriteLine(code.Text);</code></example>
    public string Text { get; }

    /// <summary>Reads code out of text an LM wrote: the first fenced block's body (trimmed), else a one-line fence's, else the text unchanged.</summary>
    /// <param name="text">The text, e.g. <c>"Here:\n```python\nprint(1)\n```"</c>.</param>
    /// <example><code>Code.FromReply("```python\nprint(1)\n```").Text // "print(1)"</code></example>
    public static Code FromReply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (FencedBlock().Match(text) is { Success: true } block) return new Code(block.Groups[1].Value.Trim());
        if (OneLineFence().Match(text) is { Success: true } line) return new Code(line.Groups[1].Value.Trim());
        return new Code(text);
    }

    /// <summary>The code text.</summary>
    /// <example><code>$"{code}" // the code itself</code></example>
    public override string ToString() => Text;

    [GeneratedRegex("```(?:[^\n]*)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex("```(.*?)```", RegexOptions.Singleline)]
    private static partial Regex OneLineFence();
}
