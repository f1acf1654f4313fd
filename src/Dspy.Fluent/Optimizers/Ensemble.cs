using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Combines several programs (e.g. the candidates of a random search) into one: each input runs through all of them
/// (or a seeded sample) at the same time, and a reduce function merges the outputs — by default a majority vote.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.Ensemble</c>. The members' LM calls overlap; their traces all land in the run's trace.</para>
/// <para>The ensemble declares its members' predictors. Members compiled from one student hold different states for the
/// same predictors, which one saved program cannot hold, so an ensemble is not saved as a whole: save its members.</para>
/// </remarks>
/// <example>
/// <code>
/// var ensemble = new Ensemble().Compile(candidates, Ensemble.MajorityOf("answer"));
/// </code>
/// </example>
public sealed class Ensemble(EnsembleOptions? options = null)
{
    private readonly EnsembleOptions _options = options ?? new EnsembleOptions();

    /// <summary>One program that runs <paramref name="programs"/> and reduces their outputs with <paramref name="reduce"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="programs">The members; at least one.</param>
    /// <param name="reduce">Merges the members' outputs (in member order) into one.</param>
    /// <exception cref="ArgumentException">No programs, or a sample size larger than the member count.</exception>
    /// <exception cref="ProgramStructureException">Two members hold different predictors under one name.</exception>
    public Program<TIn, TOut> Compile<TIn, TOut>(IReadOnlyList<Program<TIn, TOut>> programs, Func<IReadOnlyList<TOut>, TOut> reduce)
    {
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(reduce);
        if (programs.Count == 0) throw new ArgumentException("An ensemble needs at least one program.", nameof(programs));
        if (_options.Size is { } size && (size < 1 || size > programs.Count))
            throw new ArgumentException($"Ensemble size {size} must be between 1 and the number of programs ({programs.Count}).", nameof(programs));
        return new EnsembleProgram<TIn, TOut>(programs.ToArray(), reduce, _options);
    }

    /// <summary>A reduce function: the prediction whose <paramref name="field"/> is the most common (normalised as exact match does); ties go to the earliest.</summary>
    /// <param name="field">The output field to vote on, e.g. <c>answer</c>.</param>
    public static Func<IReadOnlyList<Prediction>, Prediction> MajorityOf(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return predictions =>
        {
            if (predictions.Count == 0) throw new ArgumentException("No predictions to vote on.", nameof(predictions));
            var votes = predictions.Select((p, i) => (Key: AnswerMatch.Normalize(p.GetText(field)), Index: i)).ToList();
            var winner = votes.GroupBy(v => v.Key).OrderByDescending(g => g.Count()).ThenBy(g => g.Min(v => v.Index)).First();
            return predictions[winner.Min(v => v.Index)];
        };
    }

    private sealed class EnsembleProgram<TIn, TOut>(Program<TIn, TOut>[] members, Func<IReadOnlyList<TOut>, TOut> reduce, EnsembleOptions options)
        : Program<TIn, TOut>
    {
        internal override string? ModuleName => "Ensemble";

        private readonly ProgramStructure _structure = ProgramStructure.Of(members.SelectMany(m => m.Predictors))
            .NotSaveable("an Ensemble's members each keep their own state for the same predictors, which one saved program cannot hold; save the members instead");

        public override ProgramStructure Structure => _structure;

        protected internal override async ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
        {
            var chosen = options.Size is { } n
                ? SeededSampling.Sample(members, n, new Random((int)StableHash.Fnv((ulong)options.Seed, InputText.Of(input))))
                : [.. members];
            var outputs = await Task.WhenAll(chosen.Select(p => p.InvokeAsync(input, context, cancellationToken).AsTask())).ConfigureAwait(false);
            return reduce(outputs);
        }
    }
}
