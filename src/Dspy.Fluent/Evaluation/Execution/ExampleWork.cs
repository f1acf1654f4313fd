namespace Dspy.Fluent;

/// <summary>What an <see cref="IExampleExecutor"/> is asked to do: run one program on some examples and score each run.</summary>
/// <typeparam name="TIn">The program's input type.</typeparam>
/// <typeparam name="TOut">The program's output type.</typeparam>
/// <example>
/// <code>
/// var work = new ExampleWork&lt;Example, Prediction&gt;
/// {
///     Program = program, Examples = devset, ToInput = e =&gt; e.Inputs(), Metric = Metrics.ExactMatch("answer"),
///     Settings = LMSettings.Current ?? LMSettings.Empty,
/// };
/// await foreach (var run in InProcessExecutor.Instance.RunAsync(work, ct)) Console.WriteLine($"{run.Index}: {run.Score?.Score}");
/// </code>
/// </example>
public sealed record ExampleWork<TIn, TOut>
{
    /// <summary>The program to run, with the state it runs with (a remote executor ships <see cref="Program{TIn, TOut}.State"/>).</summary>
    public required Program<TIn, TOut> Program { get; init; }

    /// <summary>The examples; <see cref="ExampleRun{TOut}.Index"/> is a position in this list.</summary>
    public required IReadOnlyList<Example> Examples { get; init; }

    /// <summary>Maps an example to the program's input.</summary>
    public required Func<Example, TIn> ToInput { get; init; }

    /// <summary>Scores each successful run.</summary>
    public required IMetric Metric { get; init; }

    /// <summary>The LM settings the program and the metric run with.</summary>
    public required LMSettings Settings { get; init; }

    /// <summary>How many examples run at once (in-process; a distributed executor applies its own per-node limits).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Tells the metric the runs are bootstraps (DSPy's <c>trace is not None</c>).</summary>
    public bool Bootstrapping { get; init; }

    /// <summary>Whether each run keeps its LM calls (<see cref="ExampleRun{TOut}.Calls"/>); usage is counted either way.</summary>
    public bool KeepHistory { get; init; }
}
