namespace Dspy.Fluent;

/// <summary>Builds <see cref="Step{T}"/> values from plain values and code.</summary>
public static class Steps
{
    /// <summary>A step that yields <paramref name="value"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    public static Step<T> Return<T>(T value) => new DelegateStep<T>((_, _) => ValueTask.FromResult(value));

    /// <summary>A step that runs async code; predictors called inside it record into the surrounding run.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="run">The code.</param>
    public static Step<T> From<T>(Func<CancellationToken, Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new DelegateStep<T>(async (ctx, ct) =>
        {
            using var _ = ctx.Enter();
            return await run(ct).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Threads an accumulator through one step per item, in order: the loop query syntax lacks. Each step is built from
    /// the accumulator so far and the item, and runs inside the surrounding run (its predictor calls are traced).
    /// </summary>
    /// <typeparam name="TItem">The item type, e.g. the hop number.</typeparam>
    /// <typeparam name="TAccumulate">The accumulator type, e.g. the context gathered so far.</typeparam>
    /// <param name="items">The items, e.g. <c>Enumerable.Range(0, maxHops)</c>.</param>
    /// <param name="seed">The starting accumulator.</param>
    /// <param name="step">Builds the step that turns (accumulator, item) into the next accumulator.</param>
    /// <example>
    /// <code>
    /// from context in Steps.Fold(Enumerable.Range(0, 2), Array.Empty&lt;string&gt;(), (ctx, hop) =>
    ///     from query in generateQuery[hop].Call(new GenerateSearchQuery(ctx, q.Question))
    ///     from passages in retriever.Search(query.Query, k: 3)
    ///     select ctx.Concat(passages.ToContext()).Distinct().ToArray())
    /// </code>
    /// </example>
    public static Step<TAccumulate> Fold<TItem, TAccumulate>(IEnumerable<TItem> items, TAccumulate seed, Func<TAccumulate, TItem, Step<TAccumulate>> step)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(step);
        var list = items.ToArray();
        return new DelegateStep<TAccumulate>(async (ctx, ct) =>
        {
            var accumulator = seed;
            foreach (var item in list)
                accumulator = await step(accumulator, item).RunCoreAsync(ctx, ct).ConfigureAwait(false);
            return accumulator;
        });
    }

    /// <summary>Runs steps at the same time and yields their results in the order given.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="steps">The steps.</param>
    public static Step<IReadOnlyList<T>> WhenAll<T>(IEnumerable<Step<T>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var list = steps.ToArray();
        return new DelegateStep<IReadOnlyList<T>>(async (ctx, ct) =>
            await Task.WhenAll(list.Select(s => s.RunCoreAsync(ctx, ct).AsTask())).ConfigureAwait(false));
    }
}
