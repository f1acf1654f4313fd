using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Like <see cref="BestOfN"/>, but after an attempt falls short an LM reviews it and writes advice for each
/// predictor, which the next attempt receives as an extra <c>hint_</c> input.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.Refine</c>, with DSPy's <c>OfferFeedback</c> prompt (discussion, then advice per
/// module name) through the predictor <c>{Name}.offer_feedback</c>. It is shown each module's fields and
/// instructions, the inputs, every predictor call of the attempt, the outputs, the reward and the threshold.</para>
/// <para>How the hint reaches the predictors: it travels in the run, not in the program. The next attempt runs with
/// the advice keyed by predictor name; a predictor that finds advice for its name appends DSPy's
/// <c>hint_</c> input field ("A hint to the module from an earlier run") to its signature for that call and sends the
/// advice as its value (<c>N/A</c> for modules the advisor did not blame). Nothing is mutated: the program, its
/// predictors and their state are the same values before and after, and concurrent runs never see each other's
/// hints. The trace records the call without the hint, so demos bootstrapped from a refined run never carry one.</para>
/// <para>DSPy sends the program's and the reward's Python source; compiled .NET has none, so
/// <see cref="RefineOptions.ProgramDescription"/> and <see cref="RefineOptions.RewardDescription"/> stand in
/// (generated descriptions when null).</para>
/// </remarks>
/// <example>
/// <code>
/// var qa = Predict.ChainOfThought("qa", "question -> answer");
/// var refined = Refine.Create(qa, 3, (q, p) =&gt; p.GetText("answer").Split(' ').Length == 1 ? 1.0 : 0.0, threshold: 1.0,
///     new RefineOptions { RewardDescription = "1.0 when the answer is a single word, else 0.0" });
/// </code>
/// </example>
public static class Refine
{
    /// <summary>Wraps <paramref name="program"/> with a synchronous reward.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="program">The program to refine.</param>
    /// <param name="n">The most attempts, at least 1.</param>
    /// <param name="reward">Scores an output for its input; higher is better.</param>
    /// <param name="threshold">The score that ends the search early.</param>
    /// <param name="options">Name, failure tolerance, temperature and what the advisor is told.</param>
    /// <returns>A program with the same input and output.</returns>
    public static Program<TIn, TOut> Create<TIn, TOut>(Program<TIn, TOut> program, int n, Func<TIn, TOut, double> reward, double threshold,
        RefineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reward);
        return Create(program, n, (i, o, _) => ValueTask.FromResult(reward(i, o)), threshold, options);
    }

    /// <summary>Wraps <paramref name="program"/> with an asynchronous reward (e.g. an LM judge).</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="program">The program to refine.</param>
    /// <param name="n">The most attempts, at least 1.</param>
    /// <param name="reward">Scores an output for its input; higher is better.</param>
    /// <param name="threshold">The score that ends the search early.</param>
    /// <param name="options">Name, failure tolerance, temperature and what the advisor is told.</param>
    /// <returns>A program with the same input and output.</returns>
    public static Program<TIn, TOut> Create<TIn, TOut>(Program<TIn, TOut> program, int n, Func<TIn, TOut, CancellationToken, Task<double>> reward,
        double threshold, RefineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reward);
        return Create(program, n, (i, o, ct) => new ValueTask<double>(reward(i, o, ct)), threshold, options);
    }

    private static Program<TIn, TOut> Create<TIn, TOut>(Program<TIn, TOut> program, int n, Func<TIn, TOut, CancellationToken, ValueTask<double>> reward,
        double threshold, RefineOptions? options)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var o = options ?? RefineOptions.Default;
        ArgumentException.ThrowIfNullOrWhiteSpace(o.Name, nameof(options));
        if (o.FailCount is < 0) throw new ArgumentOutOfRangeException(nameof(options), o.FailCount, "FailCount cannot be negative.");
        return new AttemptsProgram<TIn, TOut>("Refine", program, n, reward, threshold, o.FailCount, o.Temperature, o);
    }
}
