namespace Dspy.Fluent;

/// <summary>
/// Marks a public static member returning an <see cref="IMetric"/> (a property, or a method with no parameters) so that the
/// <c>dspy</c> tool accepts it as <c>--metric NAME</c> and as a <see cref="DspyProgramAttribute.Metric"/>.
/// </summary>
/// <remarks>A marked name hides a built-in of the same name (<c>exact_match</c>, <c>f1</c>, <c>passage_match</c>) within that project.</remarks>
/// <example>
/// <code>
/// public static class QaMetrics
/// {
///     [DspyMetric("em_or_f1")]
///     public static IMetric EmOrF1 => Metrics.ExactMatchOrF1(0.8);
/// }
/// // dspy eval --program qa --metric em_or_f1 --data dev.jsonl
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DspyMetricAttribute : Attribute
{
    /// <summary>Marks the member, named after itself.</summary>
    /// <example><code>[DspyMetric] public static IMetric Strict => Metrics.ExactMatch;</code></example>
    public DspyMetricAttribute()
    {
    }

    /// <summary>Marks the member with the name <c>--metric</c> accepts.</summary>
    /// <param name="name">The metric's name, e.g. <c>em_or_f1</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <example><code>[DspyMetric("strict")] public static IMetric Strict => Metrics.ExactMatch;</code></example>
    public DspyMetricAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The metric's name for <c>--metric</c>; null to use the member's name.</summary>
    public string? Name { get; }
}
