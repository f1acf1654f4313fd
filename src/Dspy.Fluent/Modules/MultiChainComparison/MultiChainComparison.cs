using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Compares M earlier attempts at a task (each a rationale and an answer) and writes a corrected rationale and the
/// final answer: a second opinion over several chains of thought.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.MultiChainComparison</c>, with DSPy's prompt: inputs <c>reasoning_attempt_1…M</c>,
/// each <c>«I'm trying to {rationale} I'm not sure but my prediction is {answer}»</c> (first lines only), and an output
/// <c>rationale</c> before the signature's outputs. Its predictor is <c>{name}.predict</c>, at temperature 0.7 unless
/// configured otherwise; each call records a trace entry whose inputs include the formatted attempts, so
/// optimizers can bootstrap it.</para>
/// </remarks>
/// <example>
/// <code>
/// var cot = Predict.ChainOfThought("cot", "question -> answer");
/// var compare = new MultiChainComparison("compare", "question -> answer");
/// var program =
///     from q in Programs.Input&lt;Example&gt;()
///     from attempts in cot.CallMany(q, 3)
///     from best in compare.Call(q, attempts)
///     select best;
/// </code>
/// </example>
public sealed class MultiChainComparison : Program<MultiChainComparisonInput, Prediction>
{
    /// <summary>The output written before the signature's outputs.</summary>
    public const string RationaleField = "rationale";

    private readonly Predictor<Example, Prediction> _predict;
    private readonly string _lastOutput;
    private readonly ProgramStructure _structure;

    /// <summary>Creates the module over a signature in DSPy's string form.</summary>
    /// <param name="name">The stable name; the predictor is <c>{name}.predict</c>.</param>
    /// <param name="signature">The task, e.g. <c>"question -> answer"</c>.</param>
    /// <param name="m">How many attempts it compares.</param>
    public MultiChainComparison(string name, string signature, int m = 3)
        : this(name, Signature.Parse(signature ?? throw new ArgumentNullException(nameof(signature))), m) { }

    /// <summary>Creates the module.</summary>
    /// <param name="name">The stable name; the predictor is <c>{name}.predict</c>.</param>
    /// <param name="signature">The task.</param>
    /// <param name="m">How many attempts it compares, at least 1.</param>
    /// <param name="temperature">The sampling temperature of its predictor (DSPy's default 0.7).</param>
    public MultiChainComparison(string name, Signature signature, int m = 3, float temperature = 0.7f)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        if (signature.OutputFields.Count == 0)
            throw new ArgumentException($"MultiChainComparison '{name}': the signature '{signature}' has no output to compare.", nameof(signature));
        Name = name;
        M = m;
        _lastOutput = signature.OutputFields[^1].Name;
        var compare = signature;
        for (var i = 1; i <= m; i++) compare = compare.Append(Field.Input(AttemptField(i), "${reasoning attempt}"));
        compare = compare.Prepend(Field.Output(RationaleField, "${corrected reasoning}"));
        _predict = Predict.Make(new PredictorName(name) / "predict", compare, PredictorKind.Predict)
            .WithConfig(new PredictorConfig { Temperature = temperature });
        _structure = ProgramStructure.Of(_predict);
    }

    /// <summary>The module's one predictor, <c>{name}.predict</c>.</summary>
    public override ProgramStructure Structure => _structure;

    /// <summary>The stable name.</summary>
    public string Name { get; }

    /// <summary>How many attempts it compares.</summary>
    public int M { get; }

    /// <summary>Its predictor, <c>{name}.predict</c>.</summary>
    public IPredictor Predictor => _predict;

    /// <summary>A step that compares <paramref name="completions"/> for <paramref name="inputs"/>.</summary>
    /// <param name="inputs">The task inputs.</param>
    /// <param name="completions">Exactly <see cref="M"/> attempts.</param>
    public Step<Prediction> Call(Example inputs, IEnumerable<FieldValues> completions)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(completions);
        return Call(new MultiChainComparisonInput(inputs, completions.ToArray()));
    }

    /// <summary>The text DSPy shows for one attempt: <c>«I'm trying to {rationale} I'm not sure but my prediction is {answer}»</c>.</summary>
    /// <param name="completion">An attempt with <c>rationale</c> or <c>reasoning</c> and the signature's last output.</param>
    /// <exception cref="ArgumentException">The attempt lacks a rationale or the answer field.</exception>
    public string FormatAttempt(FieldValues completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var rationale = completion.ContainsKey(RationaleField) ? completion.GetText(RationaleField)
            : completion.ContainsKey(Dspy.Fluent.Predict.ReasoningField) ? completion.GetText(Dspy.Fluent.Predict.ReasoningField)
            : throw new ArgumentException($"MultiChainComparison '{Name}': an attempt has neither '{RationaleField}' nor 'reasoning' (fields: {string.Join(", ", completion.Keys)}); make attempts with a chain-of-thought predictor.", nameof(completion));
        if (!completion.ContainsKey(_lastOutput))
            throw new ArgumentException($"MultiChainComparison '{Name}': an attempt has no '{_lastOutput}' (fields: {string.Join(", ", completion.Keys)}).", nameof(completion));
        return $"«I'm trying to {FirstLine(rationale)} I'm not sure but my prediction is {FirstLine(completion.GetText(_lastOutput))}»";
    }

    /// <inheritdoc />
    protected internal override ValueTask<Prediction> RunCoreAsync(MultiChainComparisonInput input, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Completions.Count != M)
            throw new ArgumentException(
                $"MultiChainComparison '{Name}' compares {M} attempts but got {input.Completions.Count}. Pass exactly {M}, or create it with m: {input.Completions.Count}.");
        var inputs = ModuleInputs.Only(input.Inputs, _predict.Signature.InputFields);
        for (var i = 0; i < M; i++) inputs = inputs.With(AttemptField(i + 1), FormatAttempt(input.Completions[i]));
        return _predict.PredictAsync(inputs.WithInputs(inputs.Keys), context, cancellationToken);
    }

    private static string AttemptField(int i) => $"reasoning_attempt_{i}";

    private static string FirstLine(string text) => text.Trim().Split('\n')[0].Trim();
}
