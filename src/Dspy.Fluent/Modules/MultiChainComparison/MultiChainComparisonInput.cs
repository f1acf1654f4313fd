namespace Dspy.Fluent;

/// <summary>What a <see cref="MultiChainComparison"/> compares: the task inputs and the earlier attempts at it.</summary>
/// <param name="Inputs">The signature's input values.</param>
/// <param name="Completions">The attempts, each with a <c>rationale</c> or <c>reasoning</c> and the signature's last output;
/// e.g. the predictions of a chain-of-thought predictor's <c>CallMany</c>.</param>
public sealed record MultiChainComparisonInput(Example Inputs, IReadOnlyList<FieldValues> Completions);
