namespace Dspy.Fluent.Tests;

/// <summary>
/// Runs work in process, then hands the runs back last example first, as a cluster whose last node answers first
/// would; counts what it was given, so a test can tell the work went through it.
/// </summary>
internal sealed class ReversingExecutor : IExampleExecutor
{
    private int _works;
    private int _examples;

    public int Works => _works;

    public int Examples => _examples;

    /// <summary>Leaves out the run of this example (a broken executor), or none when null.</summary>
    public int? Drop { get; init; }

    /// <summary>Returns the run of this example twice (a broken executor), or none when null.</summary>
    public int? Repeat { get; init; }

    public async IAsyncEnumerable<ExampleRun<TOut>> RunAsync<TIn, TOut>(ExampleWork<TIn, TOut> work,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _works);
        Interlocked.Add(ref _examples, work.Examples.Count);
        var runs = new List<ExampleRun<TOut>>();
        await foreach (var run in InProcessExecutor.Instance.RunAsync(work, cancellationToken)) runs.Add(run);
        foreach (var run in runs.OrderByDescending(r => r.Index))
        {
            if (run.Index == Drop) continue;
            yield return run;
            if (run.Index == Repeat) yield return run;
        }
    }
}
