namespace Dspy.Fluent;

/// <summary>
/// Marks a public static factory that the <c>dspy</c> tool can compile and evaluate (<c>dspy compile</c>, <c>dspy eval</c>):
/// a method with no parameters, or a property, returning a <see cref="Program{TIn, TOut}"/>.
/// </summary>
/// <remarks>
/// <para>The tool builds the project, loads its assembly and calls the factory once per run, so the factory should build the
/// program and whatever it needs (a retriever, an index) from files or seeds, not from state set up by the application's
/// <c>Main</c>. It never configures an LM: the tool passes the one named by <c>--lm</c>.</para>
/// <para>The program is named by <see cref="Name"/> (the member's name when not given) in <c>--program NAME</c> and in the saved
/// file's default name. <see cref="Metric"/> names the default <c>--metric</c>: a member marked <see cref="DspyMetricAttribute"/>
/// or a built-in (<c>exact_match</c>, <c>f1</c>, <c>passage_match</c>). <see cref="Inputs"/> lists the data fields that are
/// inputs (DSPy's <c>with_inputs</c>), comma-separated.</para>
/// </remarks>
/// <example>
/// <code>
/// public static class QaPrograms
/// {
///     [DspyProgram("qa", Metric = "exact_match", Inputs = "question")]
///     public static Program&lt;Example, Prediction&gt; Qa() => Predict.ChainOfThought("qa", "question -> answer");
/// }
/// // dspy compile --project . --program qa --data train.jsonl --lm openai:gpt-4o-mini
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DspyProgramAttribute : Attribute
{
    /// <summary>Marks the member, named after itself.</summary>
    /// <example><code>[DspyProgram] public static Program&lt;Example, Prediction&gt; Qa() => Predict.Create("qa", "question -> answer");</code></example>
    public DspyProgramAttribute()
    {
    }

    /// <summary>Marks the member with the name the tool shows and accepts for it.</summary>
    /// <param name="name">The program's name, e.g. <c>rag</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <example><code>[DspyProgram("qa")] public static Program&lt;Example, Prediction&gt; Qa() => Predict.Create("qa", "question -> answer");</code></example>
    public DspyProgramAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The program's name for <c>--program</c>; null to use the member's name.</summary>
    public string? Name { get; }

    /// <summary>The metric used when <c>--metric</c> is not given: a <see cref="DspyMetricAttribute"/> name or a built-in; null for <c>exact_match</c>.</summary>
    public string? Metric { get; set; }

    /// <summary>The data fields that are the program's inputs, comma-separated (e.g. <c>"question, context"</c>); null for <c>question</c>.</summary>
    public string? Inputs { get; set; }
}
