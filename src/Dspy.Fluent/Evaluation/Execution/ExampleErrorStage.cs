namespace Dspy.Fluent;

/// <summary>Where an example's run failed.</summary>
/// <example>
/// <code>
/// if (run.Error is { Stage: ExampleErrorStage.Metric } e) Console.WriteLine($"the metric is broken: {e.Message}");
/// </code>
/// </example>
public enum ExampleErrorStage
{
    /// <summary>Building the program's input from the example failed.</summary>
    Input,

    /// <summary>The program failed (an LM call, a parse, a step).</summary>
    Program,

    /// <summary>The metric threw or returned null.</summary>
    Metric,

    /// <summary>The executor could not run the example at all (e.g. every node that tried it failed).</summary>
    Executor,
}
