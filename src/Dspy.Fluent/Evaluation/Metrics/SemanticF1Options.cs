namespace Dspy.Fluent;

/// <summary>Settings of the <see cref="Metrics.SemanticF1"/> LM judge.</summary>
public sealed record SemanticF1Options
{
    /// <summary>The judge predictor's name (its state, history and demos are keyed by it).</summary>
    public string PredictorName { get; init; } = "semantic_f1";

    /// <summary>While bootstrapping, the F1 that counts as a pass (DSPy's default, 0.66).</summary>
    public double Threshold { get; init; } = 0.66;

    /// <summary>Whether the judge first lists the key ideas of both responses and discusses their overlap (DSPy's <c>decompositional=True</c>).</summary>
    public bool Decompositional { get; init; }

    /// <summary>The example field holding the question.</summary>
    public string QuestionField { get; init; } = "question";

    /// <summary>The example field holding the reference response; null for <c>response</c> when the example has it, else <c>answer</c>.</summary>
    public string? ReferenceField { get; init; }

    /// <summary>The prediction field holding the system's response; null for <c>response</c> when the prediction has it, else <c>answer</c>.</summary>
    public string? ResponseField { get; init; }

    /// <summary>The judge's LM and settings; null for the settings in force when the metric runs (evaluation makes its own settings ambient).</summary>
    public LMSettings? Settings { get; init; }
}
