namespace Dspy.Fluent;

/// <summary>
/// Runs many program calls at once with bounded concurrency and an error budget: failures come back as results
/// until the budget is spent, then the rest is cancelled and <see cref="ErrorBudgetExceededException"/> is thrown.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.Parallel</c> (named after DSPy's <c>ParallelExecutor</c> because <c>Parallel</c> would
/// clash with <c>System.Threading.Tasks.Parallel</c> in every file with implicit usings). Jobs are steps, so
/// (program, input) pairs are written <c>program.Call(input)</c>; all of them run inside the surrounding run and
/// record into its trace and history. Results are in job order whatever order they finish in.</para>
/// </remarks>
/// <example>
/// <code>
/// var results = await ParallelExecutor.Run(qa, questions, new ParallelExecutorOptions { MaxConcurrency = 4, MaxErrors = 2 })
///     .RunAsync(new LMSettings { Client = lm });
/// </code>
/// </example>
public static class ParallelExecutor
{
    /// <summary>Runs <paramref name="program"/> on each input.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="program">The program.</param>
    /// <param name="inputs">The inputs.</param>
    /// <param name="options">Concurrency and error budget; <see cref="ParallelExecutorOptions.Default"/> when null.</param>
    /// <returns>A step yielding one result per input, in input order.</returns>
    public static Step<IReadOnlyList<ParallelResult<TOut>>> Run<TIn, TOut>(Program<TIn, TOut> program, IEnumerable<TIn> inputs, ParallelExecutorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(inputs);
        return Run(inputs.Select(program.Call), options);
    }

    /// <summary>Runs each job, e.g. <c>pairs.Select(p =&gt; p.Program.Call(p.Input))</c>.</summary>
    /// <typeparam name="T">The output type.</typeparam>
    /// <param name="jobs">The jobs.</param>
    /// <param name="options">Concurrency and error budget; <see cref="ParallelExecutorOptions.Default"/> when null.</param>
    /// <returns>A step yielding one result per job, in job order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">MaxConcurrency is below 1 or MaxErrors is negative.</exception>
    public static Step<IReadOnlyList<ParallelResult<T>>> Run<T>(IEnumerable<Step<T>> jobs, ParallelExecutorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var opts = options ?? ParallelExecutorOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(opts.MaxConcurrency, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(opts.MaxErrors, nameof(options));
        var list = jobs.ToArray();
        return new DelegateStep<IReadOnlyList<ParallelResult<T>>>((context, cancellationToken) => RunAllAsync(list, opts, context, cancellationToken));
    }

    private static async ValueTask<IReadOnlyList<ParallelResult<T>>> RunAllAsync<T>(Step<T>[] jobs, ParallelExecutorOptions options,
        RunContext context, CancellationToken cancellationToken)
    {
        var results = new ParallelResult<T>[jobs.Length];
        var errors = new List<Exception>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(options.MaxConcurrency);
        var budgetExceeded = false;

        async Task RunOneAsync(int index)
        {
            try
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // never started: the batch was stopped or cancelled
            }
            try
            {
                var output = await jobs[index].RunCoreAsync(context, stop.Token).ConfigureAwait(false);
                results[index] = new ParallelResult<T> { Index = index, Output = output };
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Cancelled by the budget or by the caller: not a failure of the job itself.
            }
            catch (Exception e)
            {
                results[index] = new ParallelResult<T> { Index = index, Error = e };
                lock (errors)
                {
                    errors.Add(e);
                    if (errors.Count > options.MaxErrors && !budgetExceeded)
                    {
                        budgetExceeded = true;
                        stop.Cancel();
                    }
                }
            }
            finally
            {
                slots.Release();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, jobs.Length).Select(RunOneAsync)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (budgetExceeded)
        {
            Exception[] seen;
            lock (errors) seen = [.. errors];
            throw new ErrorBudgetExceededException(options.MaxErrors, jobs.Length, seen);
        }
        return results;
    }
}
