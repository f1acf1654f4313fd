using System.Collections.Immutable;

namespace Dspy.Fluent;

/// <summary>
/// The learnable parameters of a whole program, by predictor name: what an optimizer produces and what is saved
/// and loaded. Immutable: every change returns a new state.
/// </summary>
/// <remarks>Apply it with <c>program.WithState(state)</c>, which returns a new program and leaves the old one as it was.</remarks>
public sealed partial class ProgramState : IEquatable<ProgramState>
{
    private readonly ImmutableSortedDictionary<string, PredictorState> _predictors;

    private ProgramState(ImmutableSortedDictionary<string, PredictorState> predictors) => _predictors = predictors;

    /// <summary>No learned parameters: every predictor runs as declared.</summary>
    public static ProgramState Empty { get; } = new(ImmutableSortedDictionary.Create<string, PredictorState>(StringComparer.Ordinal));

    /// <summary>The state of each predictor that has one, ordered by name.</summary>
    public IReadOnlyDictionary<string, PredictorState> Predictors => _predictors;

    /// <summary>The state of the predictor called <paramref name="name"/>, or null when it has none.</summary>
    /// <param name="name">A predictor name.</param>
    public PredictorState? Find(string name) => _predictors.GetValueOrDefault(name);

    /// <summary>This state with <paramref name="name"/>'s state replaced.</summary>
    /// <param name="name">A predictor name.</param>
    /// <param name="state">Its new state.</param>
    public ProgramState With(string name, PredictorState state)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(state);
        return new(_predictors.SetItem(name, state));
    }

    /// <summary>This state with <paramref name="name"/>'s state changed by <paramref name="change"/> (starting from empty when absent).</summary>
    /// <param name="name">A predictor name.</param>
    /// <param name="change">The change.</param>
    public ProgramState Update(string name, Func<PredictorState, PredictorState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return With(name, change(Find(name) ?? PredictorState.Empty));
    }

    /// <summary>This state with the predictors of <paramref name="other"/> laid over it (theirs win by name).</summary>
    /// <param name="other">Another state.</param>
    public ProgramState Merge(ProgramState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(_predictors.SetItems(other._predictors));
    }

    /// <inheritdoc />
    public bool Equals(ProgramState? other) =>
        other is not null && _predictors.Count == other._predictors.Count &&
        _predictors.All(kv => other._predictors.TryGetValue(kv.Key, out var s) && s.Equals(kv.Value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ProgramState);

    /// <inheritdoc />
    public override int GetHashCode() => _predictors.Count;

    /// <summary>Predictor names with their demo counts, for debugging.</summary>
    public override string ToString() =>
        _predictors.Count == 0 ? "(empty)" : string.Join(", ", _predictors.Select(kv => $"{kv.Key}: {kv.Value.Demos.Count} demos"));
}
