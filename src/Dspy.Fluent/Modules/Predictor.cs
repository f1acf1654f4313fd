
namespace Dspy.Fluent;

/// <summary>
/// One LM step: a signature with a stable name. It is a program in its own right and, through <c>Call(input)</c>,
/// a step inside larger programs.
/// </summary>
/// <typeparam name="TIn">The input: a record whose properties are the input fields, or an <see cref="Example"/>.</typeparam>
/// <typeparam name="TOut">The output: a record whose properties are the output fields, or a <see cref="Prediction"/>.</typeparam>
/// <remarks>Corresponds to <c>dspy.Predict</c> (and, when made by <see cref="Predict.ChainOfThought(string, string)"/>,
/// <c>dspy.ChainOfThought</c>). Build one with <see cref="Predict"/>; call it inside a program with <c>Call(input)</c>, or
/// <see cref="CallMany"/> for several completions. Its instructions and demos come from the run's
/// <see cref="ProgramState"/> under <see cref="Name"/>; each call adds a <see cref="TraceEntry"/> to the run.</remarks>
public sealed partial class Predictor<TIn, TOut> : Program<TIn, TOut>, IPredictor
{
    // Reported as a predictor call (by LMInvoker, the path every predictor call takes), not as a module.
    internal override string? ModuleName => null;

    private readonly Func<TIn, Example> _toInputs;
    private readonly Func<Prediction, TOut> _fromOutputs;
    private readonly ProgramStructure _structure;
    private EffectiveSignature? _effective;

    internal Predictor(PredictorName name, Signature signature, PredictorKind kind, PredictorConfig config,
        Func<TIn, Example> toInputs, Func<Prediction, TOut> fromOutputs)
    {
        if (signature.OutputFields.Count == 0)
            throw new ArgumentException($"Predictor '{name}' has a signature with no output fields ('{signature}'): add at least one output.", nameof(signature));
        Name = name;
        Signature = signature;
        Kind = kind;
        Config = config;
        _toInputs = toInputs;
        _fromOutputs = fromOutputs;
        _structure = ProgramStructure.Of(this);
    }

    /// <inheritdoc />
    public PredictorName Name { get; }

    /// <inheritdoc />
    public Signature Signature { get; }

    /// <inheritdoc />
    public PredictorKind Kind { get; }

    /// <summary>A predictor's structure is the predictor itself, with no state.</summary>
    public override ProgramStructure Structure => _structure;

    /// <inheritdoc />
    public PredictorConfig Config { get; }

    /// <summary>This predictor with other LM settings (temperature, max tokens, model, adapter).</summary>
    /// <param name="config">The settings.</param>
    public Predictor<TIn, TOut> WithConfig(PredictorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(Name, Signature, Kind, config, _toInputs, _fromOutputs);
    }

    /// <summary>This predictor under another name (its state, traces and demos are keyed by name).</summary>
    /// <param name="name">The new name.</param>
    public Predictor<TIn, TOut> WithName(string name) => new(new PredictorName(name), Signature, Kind, Config, _toInputs, _fromOutputs);

    /// <summary>This predictor with declared instructions replaced (compiled state still takes precedence).</summary>
    /// <param name="instructions">The instructions.</param>
    public Predictor<TIn, TOut> WithInstructions(string instructions) =>
        new(Name, Signature.WithInstructions(instructions), Kind, Config, _toInputs, _fromOutputs);

    /// <inheritdoc />
    protected internal override async ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken) =>
        _fromOutputs(await PredictAsync(_toInputs(input), context, cancellationToken).ConfigureAwait(false));

    /// <summary>Calls the LM with untyped inputs under the run's state and records the call in the trace.</summary>
    internal ValueTask<Prediction> PredictAsync(Example inputs, RunContext context, CancellationToken cancellationToken) =>
        PredictAsync(inputs, context, cancellationToken, parseAs: null);

    /// <summary>
    /// Calls the LM with untyped inputs under the run's state. <paramref name="parseAs"/> may loosen the signature
    /// the reply is read with (ReAct reads any tool name); <paramref name="record"/> false leaves the trace to the
    /// caller (n completions record one entry). A hint for this predictor in the run (Refine's advice) is sent as an
    /// extra <c>hint_</c> input but kept out of the trace, so demos never carry it.
    /// </summary>
    internal async ValueTask<Prediction> PredictAsync(Example inputs, RunContext context, CancellationToken cancellationToken,
        Func<Signature, Signature>? parseAs, bool record = true, NativeTools? tools = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        context.CheckDeclared(this);
        CheckInputs(inputs);
        var state = context.State.Find(Name);
        var signature = SignatureFor(state);
        var (sent, sentInputs) = context.Hints is { } hints && hints.TryGetValue(Name, out var hint)
            ? (signature.Append(HintField), inputs.With(HintField.Name, hint))
            : (signature, inputs);
        var prediction = await LMInvoker.PredictAsync(this, sent, state, sentInputs, context, cancellationToken, parseAs?.Invoke(signature), tools).ConfigureAwait(false);
        if (record) context.Recorder.Record(new TraceEntry(Name, KindText, signature, inputs, prediction));
        return prediction;
    }

    /// <summary>The kind as trace entries spell it (<c>Predict</c>, <c>ChainOfThought</c>), made once.</summary>
    internal string KindText => Kind == PredictorKind.ChainOfThought ? "ChainOfThought" : "Predict";

    /// <summary>The signature with the state's instructions; memoised because the same state is used call after call.</summary>
    internal Signature SignatureFor(PredictorState? state)
    {
        if (state?.Instructions is not { } instructions || instructions == Signature.Instructions) return Signature;
        var cached = _effective;
        if (cached is not null && ReferenceEquals(cached.Instructions, instructions)) return cached.Signature;
        var signature = Signature.WithInstructions(instructions);
        _effective = new EffectiveSignature(instructions, signature);
        return signature;
    }

    private void CheckInputs(Example inputs)
    {
        var fields = Signature.InputFields;
        for (var i = 0; i < fields.Count; i++) // an index loop: foreach over an IReadOnlyList boxes its enumerator on every call
        {
            var field = fields[i];
            if (inputs.ContainsKey(field.Name) || field.Type.Kind == FieldTypeKind.Optional) continue;
            throw new ArgumentException(
                $"Predictor '{Name}' needs the input '{field.Name}' (signature '{Signature}') but got only " +
                $"[{string.Join(", ", inputs.Keys)}]. Pass every input field, e.g. Example.Create(\"{field.Name}\", …).");
        }
    }

    private sealed record EffectiveSignature(string Instructions, Signature Signature);
}
