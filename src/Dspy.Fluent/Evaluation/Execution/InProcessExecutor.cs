using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Dspy.Fluent;

/// <summary>
/// Runs work in this process, at most <see cref="ExampleWork{TIn, TOut}.Concurrency"/> examples at once, starting them in
/// example order: what <see cref="Evaluate"/> and the optimizers use unless given another <see cref="IExampleExecutor"/>.
/// </summary>
/// <example>
/// <code>
/// var result = await Evaluate.RunAsync(program, devset, metric, new EvaluateOptions { Executor = InProcessExecutor.Instance });
/// </code>
/// </example>
public sealed class InProcessExecutor : IExampleExecutor
{
    private InProcessExecutor()
    {
    }

    /// <summary>The executor (it holds no state; one is enough).</summary>
    public static InProcessExecutor Instance { get; } = new();

    /// <inheritdoc />
    public async IAsyncEnumerable<ExampleRun<TOut>> RunAsync<TIn, TOut>(ExampleWork<TIn, TOut> work,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(work), work.Concurrency, "ExampleWork.Concurrency must be at least 1.");
        // Each worker hands its run over and waits until the caller has taken it before starting another example: a
        // caller that stops on a result (an error budget) stops the next examples from starting, as a loop would.
        var finished = Channel.CreateUnbounded<(ExampleRun<TOut> Run, TaskCompletionSource Taken)>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = work.Concurrency, CancellationToken = stop.Token };
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, work.Examples.Count), parallel, async (index, token) =>
                {
                    var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    finished.Writer.TryWrite((await RunOneAsync(work, index, token).ConfigureAwait(false), taken));
                    await taken.Task.WaitAsync(token).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            finally
            {
                finished.Writer.Complete();
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var (run, taken) in finished.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return run;
                taken.TrySetResult();
            }
            // Rethrows what stopped the producer (cancellation, or a fault outside any one example).
            await producer.ConfigureAwait(false);
        }
        finally
        {
            if (!producer.IsCompleted)
            {
                // The caller stopped reading early: stop the examples still running and wait for them.
                await stop.CancelAsync().ConfigureAwait(false);
                await producer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs and scores one example; every failure but cancellation becomes the run's error.</summary>
    internal static async Task<ExampleRun<TOut>> RunOneAsync<TIn, TOut>(ExampleWork<TIn, TOut> work, int index, CancellationToken token)
    {
        var example = work.Examples[index];
        TIn input;
        try
        {
            input = work.ToInput(example);
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            return new ExampleRun<TOut> { Index = index, Error = ExampleError.From(ExampleErrorStage.Input, e) };
        }

        var outcome = await work.Program.TryRunAsync(input, work.Settings, token).ConfigureAwait(false);
        var run = new ExampleRun<TOut>
        {
            Index = index, Trace = outcome.Trace, Elapsed = outcome.Elapsed, Usage = EvaluationUsage.Of(outcome.History.Calls),
            Calls = work.KeepHistory ? outcome.History.Calls : [],
        };
        if (outcome.Error is { } error) return run with { Error = ExampleError.From(ExampleErrorStage.Program, error) };

        var prediction = Predictions.FromOutput(outcome.Output);
        run = run with { Output = outcome.Output, Prediction = prediction };
        var context = new MetricContext(example, prediction) { Output = outcome.Output, Trace = outcome.Trace, IsBootstrapping = work.Bootstrapping };
        try
        {
            // The run's settings are ambient while scoring, so an LM judge talks to the same LM unless told otherwise.
            using var _ = LMSettings.Use(work.Settings);
            var score = await work.Metric.ScoreAsync(context, token).ConfigureAwait(false);
            return score is null
                ? run with { Error = new ExampleError(ExampleErrorStage.Metric, nameof(InvalidOperationException), $"Metric '{work.Metric.Name}' returned null.") }
                : run with { Score = score };
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            return run with { Error = ExampleError.From(ExampleErrorStage.Metric, e) };
        }
    }
}
