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
