using Dspy.Fluent.Internal;
using System.Collections.Immutable;

namespace Dspy.Fluent;

/// <summary>
/// What a program is made of: its predictors (each with its name, signature and kind) and the learned state applied
/// to them. Every program node has one, and every combinator combines its children's, so optimizers, saving and
/// loading, DSPy import and export, prompt snapshots and compile-cache keys all read it without running anything.
/// </summary>
/// <remarks>
/// <para>Within one program a name means one predictor: combining two different predictors under one name, or two
/// different states for one predictor, is a <see cref="ProgramStructureException"/> at composition. The same predictor
/// reached twice (e.g. both sides of a <c>Zip</c>) counts once.</para>
/// <para>A module written outside this library builds its structure with <see cref="Of(IEnumerable{IPredictor})"/> and
/// <see cref="Combine(IEnumerable{ProgramStructure})"/> and returns it from <c>Program.Structure</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// ProgramStructure s = ProgramStructure.Combine(ProgramStructure.Of(draft, critique), retrieverProgram.Structure);
/// foreach (var p in s.Predictors) Console.WriteLine($"{p.Name}: {p.Signature}");
/// </code>
/// </example>
public sealed class ProgramStructure
{
    private readonly ImmutableArray<IPredictor> _predictors;
    private readonly Dictionary<string, IPredictor> _byName;
    private readonly HashSet<IPredictor> _instances;

    private ProgramStructure(ImmutableArray<IPredictor> predictors, Dictionary<string, IPredictor> byName, ProgramState state, string? notSaveable = null)
    {
        _predictors = predictors;
        _byName = byName;
        _instances = new HashSet<IPredictor>(predictors, ReferenceEqualityComparer.Instance);
        State = state;
        NotSaveableReason = notSaveable;
    }

    /// <summary>No predictors and no state: plain code, the input, a retriever.</summary>
    public static ProgramStructure Empty { get; } = new([], new Dictionary<string, IPredictor>(StringComparer.Ordinal), ProgramState.Empty);

    /// <summary>The predictors, in the order the program declares them (depth first, left to right), each once.</summary>
    public IReadOnlyList<IPredictor> Predictors => _predictors;

    /// <summary>The learned parameters applied to those predictors, by name (empty for an uncompiled program).</summary>
    public ProgramState State { get; }

    /// <summary>
    /// Why this program's state cannot be saved as one file (e.g. an ensemble whose members keep their own states for
    /// the same predictors), or null when it can. Saving such a program throws with this reason.
    /// </summary>
    public string? NotSaveableReason { get; }

    /// <summary>This structure marked as not saveable as one file, for the reason given (shown when saving is attempted).</summary>
    /// <param name="reason">Why, and what to save instead.</param>
    public ProgramStructure NotSaveable(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new ProgramStructure(_predictors, _byName, State, reason);
    }

    /// <summary>The predictor called <paramref name="name"/>, or null.</summary>
    /// <param name="name">A predictor name, e.g. <c>generate_answer</c>.</param>
    public IPredictor? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Whether <paramref name="predictor"/> belongs to this structure: the same instance, or one with the same name and
    /// the same definition (kind, signature, configuration).
    /// </summary>
    /// <param name="predictor">A predictor reached at run time.</param>
    public bool Declares(IPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        return _instances.Contains(predictor) || (_byName.TryGetValue(predictor.Name, out var declared) && SameDefinition(declared, predictor));
    }

    /// <summary>A structure of these predictors with no state.</summary>
    /// <param name="predictors">The predictors; the same one may appear twice, two different ones may not share a name.</param>
    /// <exception cref="ProgramStructureException">Two different predictors share a name.</exception>
    public static ProgramStructure Of(params IPredictor[] predictors) => Of((IEnumerable<IPredictor>)predictors);

    /// <summary>A structure of these predictors with no state.</summary>
    /// <param name="predictors">The predictors.</param>
    /// <exception cref="ProgramStructureException">Two different predictors share a name.</exception>
    public static ProgramStructure Of(IEnumerable<IPredictor> predictors)
    {
        ArgumentNullException.ThrowIfNull(predictors);
        var builder = new Builder();
        foreach (var p in predictors)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(predictors));
            builder.Add(p);
        }
        return builder.Build(ProgramState.Empty);
    }

    /// <summary>The structure of a program made of these parts: their predictors in order, their states together.</summary>
    /// <param name="parts">The parts' structures.</param>
    /// <exception cref="ProgramStructureException">Two different predictors share a name, or one predictor has two different states.</exception>
    public static ProgramStructure Combine(params ProgramStructure[] parts) => Combine((IEnumerable<ProgramStructure>)parts);

    /// <summary>The structure of a program made of these parts: their predictors in order, their states together.</summary>
    /// <param name="parts">The parts' structures.</param>
    /// <exception cref="ProgramStructureException">Two different predictors share a name, or one predictor has two different states.</exception>
    public static ProgramStructure Combine(IEnumerable<ProgramStructure> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        var nonEmpty = list.Where(p => p is null || p._predictors.Length > 0).ToList();
        if (nonEmpty.Count == 0) return Empty;
        if (nonEmpty.Count == 1) return nonEmpty[0] ?? throw new ArgumentNullException(nameof(parts));
        var builder = new Builder();
        var state = ProgramState.Empty;
        string? notSaveable = null;
        foreach (var part in nonEmpty)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(parts));
            notSaveable ??= part.NotSaveableReason;
            foreach (var p in part._predictors) builder.Add(p);
            foreach (var (name, s) in part.State.Predictors)
            {
                // The signature a state records is the program's own once checked; only what was learned can clash.
                if (state.Find(name) is { } other && !(other with { Signature = null }).Equals(s with { Signature = null }))
                    throw new ProgramStructureException(
                        $"Predictor '{name}' carries two different states in one program ({Describe(other)} and {Describe(s)}), e.g. two programs " +
                        $"compiled separately and then combined. A saved program keeps one state per predictor: give one copy another name " +
                        $"(predictor.WithName(\"{name}_2\")) before compiling, or apply one state to the whole with WithState.", name);
                state = state.With(name, s);
            }
        }
        return builder.Build(state, notSaveable);
    }

    /// <summary>This structure with <paramref name="state"/> laid over its state (it wins by name).</summary>
    /// <param name="state">State for some or all of the predictors.</param>
    /// <exception cref="ProgramStateFormatException">The state names a predictor this structure does not have, or was compiled for another signature.</exception>
    public ProgramStructure WithState(ProgramState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ProgramStructure(_predictors, _byName, State.Merge(state.ValidateFor(this, "the state", requireEveryPredictor: false)), NotSaveableReason);
    }

    /// <summary>The same structure with its state replaced as given, unchecked: for nodes that already checked it.</summary>
    internal ProgramStructure WithStateUnchecked(ProgramState state) => new(_predictors, _byName, State.Merge(state), NotSaveableReason);

    /// <summary>Whether two predictor values are one predictor: same name, kind, signature and configuration.</summary>
    /// <param name="a">One predictor.</param>
    /// <param name="b">Another.</param>
    public static bool SameDefinition(IPredictor a, IPredictor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return ReferenceEquals(a, b) ||
               (a.Name == b.Name && a.Kind == b.Kind && a.Signature == b.Signature && Equals(a.Config, b.Config));
    }

    /// <summary>The predictor names, for messages and debugging.</summary>
    public override string ToString() => _predictors.Length == 0 ? "(no predictors)" : string.Join(", ", _predictors.Select(p => $"{p.Name} ({p.Kind})"));

    private static string Describe(PredictorState s) =>
        $"{Counted.Of(s.Demos.Count, "demo")}{(s.Instructions is null ? "" : ", own instructions")}{(s.Model is null ? "" : $", model {s.Model}")}";

    /// <summary>Adds predictors in order, each name once, refusing two different predictors under one name.</summary>
    private sealed class Builder
    {
        private readonly ImmutableArray<IPredictor>.Builder _items = ImmutableArray.CreateBuilder<IPredictor>();
        private readonly Dictionary<string, IPredictor> _byName = new(StringComparer.Ordinal);

        public void Add(IPredictor predictor)
        {
            if (_byName.TryGetValue(predictor.Name, out var existing))
            {
                if (SameDefinition(existing, predictor)) return;
                throw new ProgramStructureException(
                    $"Two different predictors are named '{predictor.Name}' in one program: {PredictorText.Describe(existing)} and " +
                    $"{PredictorText.Describe(predictor)} ({PredictorText.Difference(existing, predictor)}). Their state, traces and saved demos " +
                    $"are keyed by name, so each needs its own: rename one with WithName(\"{predictor.Name}_2\").", predictor.Name);
            }
            _byName.Add(predictor.Name, predictor);
            _items.Add(predictor);
        }

        public ProgramStructure Build(ProgramState state, string? notSaveable = null) => new(_items.ToImmutable(), _byName, state, notSaveable);
    }
}
