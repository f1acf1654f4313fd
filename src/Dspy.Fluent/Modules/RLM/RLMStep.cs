namespace Dspy.Fluent;

/// <summary>One step of an <see cref="RLM"/>: what the LM reasoned, the code it ran, and what the code printed (or its error).</summary>
/// <param name="Reasoning">The LM's <c>reasoning</c>.</param>
/// <param name="Code">The code, without its fence.</param>
/// <param name="Output">What the LM was shown: the printed output, <c>[Error] …</c>, or <c>FINAL: {…}</c> for the submitting step.</param>
/// <example><code>foreach (var step in (IReadOnlyList&lt;RLMStep&gt;)result["trajectory"]!) Console.WriteLine(step.Code);</code></example>
public sealed record RLMStep(string Reasoning, string Code, string Output);
