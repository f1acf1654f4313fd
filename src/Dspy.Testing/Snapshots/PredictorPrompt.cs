namespace Dspy.Fluent;

/// <summary>What one predictor of a compiled program sends the LM: its system message, its demos, and the shape of the final user message.</summary>
/// <param name="Predictor">The predictor's name.</param>
/// <param name="Kind">The module that made it, e.g. <c>ChainOfThought</c>.</param>
/// <param name="Signature">The signature in DSPy's string form.</param>
/// <param name="Settings">Compiled LM settings (model, temperature, max tokens) as <c>name: value</c> lines; empty when none.</param>
/// <param name="Messages">System message, demo turns, then the user message with <c>{field}</c> placeholders for the inputs.</param>
public sealed record PredictorPrompt(string Predictor, string Kind, string Signature, IReadOnlyList<string> Settings, IReadOnlyList<PromptMessage> Messages);
