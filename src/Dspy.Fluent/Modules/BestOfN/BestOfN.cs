using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Runs a program up to N times, each attempt a fresh sample (its own rollout id, temperature 1.0), and returns the
/// first output whose reward reaches the threshold, else the best-scoring one.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.BestOfN</c>. Rollout ids count on from the run's <see cref="LMSettings.RolloutId"/>
/// (0 when unset), so a cache serves each attempt its own sample and a rerun replays the same ones. Only the chosen
/// attempt's predictor calls join the run's trace; every call stays in its history. The reward's own LM calls (a
/// judge) are in the history but not the trace. A failed attempt (an exception from the program or the reward)
/// counts against <see cref="BestOfNOptions.FailCount"/>.</para>
/// </remarks>
/// <example>
/// <code>
/// var qa = Predict.ChainOfThought("qa", "question -> answer");
/// var oneWord = BestOfN.Create(qa, 3, (q, p) =&gt; p.GetText("answer").Split(' ').Length == 1 ? 1.0 : 0.0, threshold: 1.0);
/// </code>
/// </example>
public static class BestOfN
{
    /// <summary>Wraps <paramref name="program"/> with a synchronous reward.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="program">The program to sample.</param>
    /// <param name="n">The most attempts, at least 1.</param>
    /// <param name="reward">Scores an output for its input; higher is better.</param>
    /// <param name="threshold">The score that ends the search early.</param>
    /// <param name="options">Failure tolerance and temperature.</param>
    /// <returns>A program with the same input and output.</returns>
    public static Program<TIn, TOut> Create<TIn, TOut>(Program<TIn, TOut> program, int n, Func<TIn, TOut, double> reward, double threshold,
        BestOfNOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reward);
        return Create(program, n, (i, o, _) => ValueTask.FromResult(reward(i, o)), threshold, options);
    }

    /// <summary>Wraps <paramref name="program"/> with an asynchronous reward (e.g. an LM judge).</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="program">The program to sample.</param>
    /// <param name="n">The most attempts, at least 1.</param>
    /// <param name="reward">Scores an output for its input; higher is better.</param>
    /// <param name="threshold">The score that ends the search early.</param>
    /// <param name="options">Failure tolerance and temperature.</param>
    /// <returns>A program with the same input and output.</returns>
    public static Program<TIn, TOut> Create<TIn, TOut>(Program<TIn, TOut> program, int n, Func<TIn, TOut, CancellationToken, Task<double>> reward,
        double threshold, BestOfNOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reward);
        return Create(program, n, (i, o, ct) => new ValueTask<double>(reward(i, o, ct)), threshold, options);
    }

    private static Program<TIn, TOut> Create<TIn, TOut>(Program<TIn, TOut> program, int n, Func<TIn, TOut, CancellationToken, ValueTask<double>> reward,
        double threshold, BestOfNOptions? options)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var o = options ?? BestOfNOptions.Default;
        if (o.FailCount is < 0) throw new ArgumentOutOfRangeException(nameof(options), o.FailCount, "FailCount cannot be negative.");
        return new AttemptsProgram<TIn, TOut>("BestOfN", program, n, reward, threshold, o.FailCount, o.Temperature, feedback: null);
    }
}
