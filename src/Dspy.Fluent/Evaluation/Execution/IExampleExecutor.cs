namespace Dspy.Fluent;

/// <summary>
/// Runs a program over many examples and scores each one: the single place where <see cref="Evaluate"/> and the
/// optimizers' inner loops (teacher runs, candidate and minibatch evaluations) hand out work. The default,
/// <see cref="InProcessExecutor"/>, runs in this process with bounded concurrency; another implementation can spread
/// the same work over machines, as long as each example's run is the one the in-process executor would make.
/// </summary>
/// <remarks>
/// An implementation yields one <see cref="ExampleRun{TOut}"/> per example of <see cref="ExampleWork{TIn, TOut}.Examples"/>,
/// in any order, each exactly once; it never throws for a failed example (the failure is the run's
/// <see cref="ExampleRun{TOut}.Error"/>), only for cancellation or when it cannot run the work at all. Callers order
/// and merge the runs themselves, so results do not depend on which run finished first.
/// </remarks>
/// <example>
/// <code>
/// var options = new EvaluateOptions { Executor = InProcessExecutor.Instance, Concurrency = 8 };
/// var result = await Evaluate.RunAsync(program, devset, Metrics.ExactMatch("answer"), options);
/// </code>
/// </example>
public interface IExampleExecutor
{
    /// <summary>Runs <paramref name="work"/>'s program on each of its examples and scores it with its metric.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="work">The program, examples, metric and settings.</param>
    /// <param name="cancellationToken">Stops the work; runs not yet yielded are abandoned.</param>
    /// <returns>One run per example, as they finish.</returns>
    IAsyncEnumerable<ExampleRun<TOut>> RunAsync<TIn, TOut>(ExampleWork<TIn, TOut> work, CancellationToken cancellationToken);
}
