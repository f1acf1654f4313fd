using System.Diagnostics.CodeAnalysis;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Makes predictors: <see cref="Create(string, string)"/> for a plain LM step and <see cref="ChainOfThought(string, string)"/>
/// for one that reasons first. Each takes the predictor's stable name and a signature (a string, a
/// <see cref="Signature"/>, or input and output record types).
/// </summary>
/// <remarks>Corresponds to <c>dspy.Predict</c> and <c>dspy.ChainOfThought</c>.</remarks>
/// <example>
/// <code>
/// var qa = Predict.Create("qa", "question -> answer");
/// var answer = Predict.ChainOfThought&lt;GenerateAnswer, Answer&gt;("generate_answer");
/// </code>
/// </example>
public static class Predict
{
    /// <summary>The output field chain of thought adds before the other outputs.</summary>
    public const string ReasoningField = "reasoning";

    /// <summary>A predictor over a string signature; inputs are an <see cref="Example"/>, outputs a <see cref="Prediction"/>.</summary>
    /// <param name="name">The stable name, e.g. <c>qa</c>.</param>
    /// <param name="signature">DSPy's string form, e.g. <c>"question -> answer"</c>.</param>
    /// <exception cref="SignatureFormatException">The signature text is invalid.</exception>
    public static Predictor<Example, Prediction> Create(string name, string signature) => Create(name, Signature.Parse(signature));

    /// <summary>A predictor over a signature; inputs are an <see cref="Example"/>, outputs a <see cref="Prediction"/>.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The signature.</param>
    public static Predictor<Example, Prediction> Create(string name, Signature signature) =>
        Make(name, signature, PredictorKind.Predict);

    /// <summary>A typed predictor: the properties of <typeparamref name="TIn"/> are the inputs and those of <typeparamref name="TOut"/> the outputs.</summary>
    /// <typeparam name="TIn">The input record; its <see cref="System.ComponentModel.DescriptionAttribute"/> is the instructions.</typeparam>
    /// <typeparam name="TOut">The output record.</typeparam>
    /// <param name="name">The stable name.</param>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static Predictor<TIn, TOut> Create<TIn, TOut>(string name) => Make<TIn, TOut>(name, Signature.From<TIn, TOut>(), PredictorKind.Predict);

    /// <summary>A typed predictor over an explicit signature; record properties are matched to fields by snake_case name.</summary>
    /// <typeparam name="TIn">The input record (or <see cref="Example"/>).</typeparam>
    /// <typeparam name="TOut">The output record (or <see cref="Prediction"/>).</typeparam>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The signature.</param>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static Predictor<TIn, TOut> Create<TIn, TOut>(string name, Signature signature) => Make<TIn, TOut>(name, signature, PredictorKind.Predict);

    /// <summary>A chain-of-thought predictor over a string signature: a <c>reasoning</c> output is written before the others.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">DSPy's string form.</param>
    public static Predictor<Example, Prediction> ChainOfThought(string name, string signature) => ChainOfThought(name, Signature.Parse(signature));

    /// <summary>A chain-of-thought predictor over a signature.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The signature; <c>reasoning</c> is prepended to its outputs.</param>
    public static Predictor<Example, Prediction> ChainOfThought(string name, Signature signature) =>
        Make(name, WithReasoning(signature), PredictorKind.ChainOfThought);

    /// <summary>A typed chain-of-thought predictor; the reasoning is in the trace (and in <typeparamref name="TOut"/> if it has a <c>Reasoning</c> property).</summary>
    /// <typeparam name="TIn">The input record.</typeparam>
    /// <typeparam name="TOut">The output record.</typeparam>
    /// <param name="name">The stable name.</param>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static Predictor<TIn, TOut> ChainOfThought<TIn, TOut>(string name) =>
        Make<TIn, TOut>(name, WithReasoning(Signature.From<TIn, TOut>()), PredictorKind.ChainOfThought);

    /// <summary>A typed chain-of-thought predictor over an explicit signature.</summary>
    /// <typeparam name="TIn">The input record (or <see cref="Example"/>).</typeparam>
    /// <typeparam name="TOut">The output record (or <see cref="Prediction"/>).</typeparam>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The signature; <c>reasoning</c> is prepended to its outputs.</param>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static Predictor<TIn, TOut> ChainOfThought<TIn, TOut>(string name, Signature signature) =>
        Make<TIn, TOut>(name, WithReasoning(signature), PredictorKind.ChainOfThought);

    /// <summary><paramref name="signature"/> with a <c>reasoning</c> text output before the other outputs.</summary>
    /// <param name="signature">The signature.</param>
    /// <remarks>An existing <c>reasoning</c> output (e.g. a <c>Reasoning</c> property of a typed output record) is moved
    /// first as plain text; default instructions then name the other outputs only, as DSPy's do.</remarks>
    public static Signature WithReasoning(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.FindField(ReasoningField) is not { } existing) return signature.Prepend(Field.Output(ReasoningField));
        if (signature.OutputFields[0] == existing && existing.Type.IsString) return signature;
        var rest = signature.Fields.Where(f => f != existing).ToArray();
        var instructions = signature.HasDefaultInstructions ? Signature.DefaultInstructionsFor(rest) : signature.Instructions;
        return Signature.Create(rest, instructions).WithName(signature.Name).Prepend(Field.Output(ReasoningField, existing.Description));
    }

    // Example in, Prediction out: no record to map, so no reflection; every string-signature predictor is made here.
    internal static Predictor<Example, Prediction> Make(string name, Signature signature, PredictorKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Make(new PredictorName(name), signature, kind);
    }

    internal static Predictor<Example, Prediction> Make(PredictorName name, Signature signature, PredictorKind kind)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new Predictor<Example, Prediction>(name, signature, kind, PredictorConfig.Default, static input => input, static p => p);
    }

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    internal static Predictor<TIn, TOut> Make<TIn, TOut>(string name, Signature signature, PredictorKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Make<TIn, TOut>(new PredictorName(name), signature, kind);
    }

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    internal static Predictor<TIn, TOut> Make<TIn, TOut>(PredictorName name, Signature signature, PredictorKind kind)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new Predictor<TIn, TOut>(name, signature, kind, PredictorConfig.Default, InputMapper<TIn>(name, signature), OutputMapper<TOut>(name, signature));
    }

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    internal static Func<TIn, Example> InputMapper<TIn>(string name, Signature signature)
    {
        if (typeof(TIn) == typeof(Example))
            return input => (Example)(object)input!;
        var mapper = RecordMapper.For(typeof(TIn));
        var missing = signature.InputFields.Where(f => f.Type.Kind != FieldTypeKind.Optional).Select(f => f.Name).Except(mapper.FieldNames).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"Predictor '{name}': the input type {typeof(TIn).Name} has no property for the input {(missing.Length == 1 ? "field" : "fields")} {string.Join(", ", missing)} of '{signature}'. Properties map to fields by snake_case name or [JsonPropertyName].");
        var inputKeys = signature.InputFields.Select(f => f.Name).ToArray();
        return input =>
        {
            ArgumentNullException.ThrowIfNull(input);
            return new Example(mapper.ToEntries(input)).WithInputs(inputKeys.Where(k => mapper.FieldNames.Contains(k)));
        };
    }

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    internal static Func<Prediction, TOut> OutputMapper<TOut>(string name, Signature signature)
    {
        if (typeof(TOut) == typeof(Prediction))
            return p => (TOut)(object)p;
        var mapper = RecordMapper.For(typeof(TOut));
        var unknown = mapper.FieldNames.Except(signature.OutputFields.Select(f => f.Name)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Predictor '{name}': the output type {typeof(TOut).Name} has properties {string.Join(", ", unknown)} that are not output fields of '{signature}'.");
        var context = $"Predictor '{name}' output";
        return p => (TOut)mapper.Create(p.TryGetValue, context);
    }
}
