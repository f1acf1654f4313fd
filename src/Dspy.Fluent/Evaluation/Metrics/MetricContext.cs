namespace Dspy.Fluent;

/// <summary>
/// Everything a metric may look at for one example: the example (inputs and labels), the program's output as
/// fields, the typed output, and the run's trace.
/// </summary>
/// <remarks>
/// <para>DSPy passes its metric a <c>trace</c> only while bootstrapping, and metrics use that to answer pass/fail
/// instead of a graded score. Here the two are separate: <see cref="Trace"/> is always the run's steps (so a metric
/// can read retrieved passages during evaluation too), and <see cref="IsBootstrapping"/> says whether the caller wants
/// a pass/fail decision. <see cref="DspyTrace"/> is DSPy's argument: the trace while bootstrapping, null otherwise.</para>
/// </remarks>
public sealed record MetricContext
{
    /// <summary>A context for <paramref name="example"/> and <paramref name="prediction"/> with no trace.</summary>
    /// <param name="example">The example with its labels.</param>
    /// <param name="prediction">The program's output as fields (see <see cref="Predictions.FromOutput"/>).</param>
    public MetricContext(Example example, Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(prediction);
        Example = example;
        Prediction = prediction;
    }

    /// <summary>A context for a program output of any type, read as fields by <see cref="Predictions.FromOutput"/>.</summary>
    /// <param name="example">The example with its labels.</param>
    /// <param name="output">The program's output.</param>
    /// <param name="trace">The run's steps, or null.</param>
    public static MetricContext ForOutput(Example example, object? output, IReadOnlyList<TraceEntry>? trace = null) =>
        new(example, Predictions.FromOutput(output)) { Output = output, Trace = trace ?? [] };

    /// <summary>The example: inputs and labels (e.g. <c>answer</c>, <c>supporting_titles</c>).</summary>
    public Example Example { get; }

    /// <summary>The program's output as named fields.</summary>
    public Prediction Prediction { get; }

    /// <summary>The program's output as it was returned (a record, a string, a <see cref="Dspy.Fluent.Prediction"/>…), or null when unknown.</summary>
    public object? Output { get; init; }

    /// <summary>The steps the run took (predictor and retriever calls), oldest first; empty when unknown.</summary>
    public IReadOnlyList<TraceEntry> Trace { get; init; } = [];

    /// <summary>Whether an optimizer is asking "keep this run as a demo?": metrics may then answer pass/fail (1 or 0).</summary>
    public bool IsBootstrapping { get; init; }

    /// <summary>DSPy's <c>trace</c> argument: <see cref="Trace"/> while bootstrapping, otherwise null.</summary>
    public IReadOnlyList<TraceEntry>? DspyTrace => IsBootstrapping ? Trace : null;

    /// <summary>The typed output, or the prediction's fields as <typeparamref name="T"/> when the output was not one.</summary>
    /// <typeparam name="T">The output type to read.</typeparam>
    public T OutputAs<T>() => Output is T typed ? typed : Internal.RecordValues.ToRecord<T>(Prediction);
}
