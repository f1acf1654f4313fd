using System.Globalization;
using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// Coordinate-ascent instruction optimization: for each predictor an LM proposes new instructions, each is scored with
/// <see cref="Evaluate"/>, and later rounds propose again from the attempts so far, shown lowest score first.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.COPRO</c>. Per predictor, depth 1 scores the original instruction plus
/// <see cref="COPROOptions.Breadth"/> − 1 proposals; after each predictor's round it keeps its best instruction, so the
/// next predictor is scored with the others at their best. Each later depth proposes Breadth new instructions from the
/// best attempts so far (ascending score). The best-scoring candidate of all wins; ties go to the earliest.</para>
/// <para>Differences from DSPy: proposals are separate requests with their own rollout id (DSPy asks for n completions),
/// the output-field prefix is not optimized (DSPy 3's ChatAdapter does not show it), the later-depth proposer also gets the
/// best instruction on its own, and a candidate already scored is not run again. Candidates are scored on the valset
/// when one is given, else on the trainset (as DSPy does).</para>
/// <para>A proposer reply that is not an instruction (empty, a JSON value, adapter markers, over 4,000 characters) is
/// dropped and listed as a rejected trial; if every proposal is dropped, the original instruction stays.</para>
/// </remarks>
/// <example>
/// <code>
/// var copro = new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 4, Depth = 2, Seed = 1 });
/// var result = await copro.CompileAsync(program, trainset);
/// Console.WriteLine(result.Report);
/// </code>
/// </example>
public sealed class COPRO : Optimizer
{
    private readonly IMetric _metric;
    private readonly COPROOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="metric">Scores candidates.</param>
    /// <param name="options">Settings; DSPy's defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">Breadth below 2, depth below 1, or concurrency below 1.</exception>
    public COPRO(IMetric metric, COPROOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metric = metric;
        _options = options ?? new COPROOptions();
        if (_options.Breadth < 2)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Breadth, "COPROOptions.Breadth must be at least 2: the original instruction plus at least one proposal.");
        if (_options.Depth < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Depth, "COPROOptions.Depth must be at least 1 (a budget of 0 rounds would return the program unchanged).");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Concurrency, 1, nameof(COPROOptions.Concurrency));
    }

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>

    public override string ToString() => $"{Name} (metric {_metric.Name}) {_options}";


    /// <inheritdoc />
    public override string Name => "COPRO";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;


    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var predictors = run.Predictors;
        var examples = run.Options.Valset ?? run.Trainset;
        var setName = run.Options.Valset is null ? "trainset" : "valset";
        var evaluator = new CandidateEvaluator<TIn, TOut>(run, _metric, _options.Concurrency);
        var proposerSettings = (_options.PromptModel ?? run.Settings) with { Temperature = _options.InitTemperature };
        var trials = new List<OptimizerTrial>();

        var baseline = await evaluator.EvaluateAsync(run.Student.State, examples, setName, cancellationToken).ConfigureAwait(false);
        CandidateEvaluator<TIn, TOut>.EnsureScorable(baseline, Name, setName);
        var best = (Score: baseline.Score, State: run.Student.State, Label: "the original instructions");
        trials.Add(new OptimizerTrial("original instructions", baseline.Score, true, $"baseline on the {setName}") { Phase = "baseline", BestSoFar = best.Score });

        // Per predictor: every instruction scored so far (first score kept unless beaten), in the order first scored.
        var scored = predictors.ToDictionary(p => p.Name, _ => new List<Attempt>());
        var latest = new Dictionary<string, List<string>>();
        var all = new Dictionary<string, List<string>>();
        foreach (var (p, i) in predictors.Select((p, i) => (p, i)))
        {
            var original = InstructionProposals.Current(run.Student.State, p);
            var proposals = await ProposeAsync(run, p, i, 0, COPROProposers.Basic, Example.Create("basic_instruction", original).WithInputs("basic_instruction"),
                _options.Breadth - 1, trials, cancellationToken).ConfigureAwait(false);
            latest[p.Name] = Distinct([.. proposals, original]);
            all[p.Name] = [.. latest[p.Name]];
        }

        var current = run.Student.State;
        var total = _options.Depth * predictors.Count * _options.Breadth;
        for (var depth = 0; depth < _options.Depth; depth++)
        {
            foreach (var p in predictors)
            {
                var candidates = predictors.Count > 1 ? all[p.Name] : latest[p.Name];
                foreach (var (instruction, k) in candidates.Select((c, k) => (c, k)))
                {
                    var state = InstructionProposals.WithInstruction(current, p, instruction);
                    var result = await evaluator.EvaluateAsync(state, examples, setName, cancellationToken).ConfigureAwait(false);
                    var attempts = scored[p.Name];
                    var known = attempts.FindIndex(a => a.Instruction == instruction);
                    if (known < 0) attempts.Add(new Attempt(instruction, result.Score, state));
                    else if (result.Score > attempts[known].Score) attempts[known] = new Attempt(instruction, result.Score, state);
                    var better = result.Score > best.Score;
                    if (better) best = (result.Score, state, $"{p.Name}: \"{instruction}\"");
                    var label = $"depth {depth + 1}, {p.Name}, candidate {k + 1}/{candidates.Count}";
                    trials.Add(new OptimizerTrial(label, result.Score, better, Shorten(instruction)) { Phase = $"depth {depth + 1}", BestSoFar = best.Score });
                    run.Report("scoring instructions", trials.Count(t => t.Phase?.StartsWith("depth", StringComparison.Ordinal) == true), total, best.Score,
                        $"{label}: {result.Score:P1}", result.Score, Shorten(instruction));
                }
                var top = scored[p.Name].Aggregate((a, b) => b.Score > a.Score ? b : a);
                current = InstructionProposals.WithInstruction(current, p, top.Instruction);
            }
            if (depth == _options.Depth - 1) break;

            foreach (var (p, i) in predictors.Select((p, i) => (p, i)))
            {
                var ranked = scored[p.Name].OrderByDescending(a => a.Score).Take(_options.Breadth).Reverse().ToList();
                var inputs = Example.Create("best_instruction", ranked[^1].Instruction).With("attempted_instructions", Attempts(ranked))
                    .WithInputs("best_instruction", "attempted_instructions");
                var proposals = await ProposeAsync(run, p, i, depth + 1, COPROProposers.FromAttempts, inputs, _options.Breadth, trials, cancellationToken).ConfigureAwait(false);
                latest[p.Name] = Distinct(proposals);
                all[p.Name] = Distinct([.. all[p.Name], .. proposals]);
            }
        }

        if (trials.Count(t => t.Phase == "proposal" && !t.Accepted) is var rejected and > 0)
            run.Note(InstructionProposals.DroppedNote(rejected));
        var chosen = string.Join("; ", predictors.Select(p => $"{p.Name}: \"{Shorten(InstructionProposals.Current(best.State, p))}\""));
        return (run.Student.WithState(best.State), new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials, Score = best.Score, BaselineScore = baseline.Score,
            Chosen = $"{chosen} ({setName} score {best.Score:P1} on {examples.Count} examples)",
        });
    }

    /// <summary>Asks the proposer <paramref name="count"/> times; rejected replies become trials, accepted ones are returned in order.</summary>
    private async Task<List<string>> ProposeAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, IPredictor predictor, int index, int depth,
        Predictor<Example, Prediction> proposer, Example inputs, int count, List<OptimizerTrial> trials, CancellationToken cancellationToken)
    {
        var settings = (_options.PromptModel ?? run.Settings) with { Temperature = _options.InitTemperature };
        var ids = Enumerable.Range(0, count).Select(k => string.Create(CultureInfo.InvariantCulture, $"copro-{_options.Seed}-{index}-{depth}-{k}")).ToList();
        run.Report("proposing instructions", 0, count, null, $"{predictor.Name}, depth {depth + 1}");
        var proposals = await InstructionProposals.ProposeAsync(run, proposer, inputs, "proposed_instruction", settings, ids, cancellationToken).ConfigureAwait(false);
        foreach (var rejected in proposals.Where(p => p.Instruction is null))
            trials.Add(new OptimizerTrial($"proposal for {predictor.Name} at depth {depth + 1} ({rejected.RolloutId})", null, false, rejected.Rejection) { Phase = "proposal" });
        return proposals.Where(p => p.Instruction is not null).Select(p => p.Instruction!).ToList();
    }

    private static string Attempts(IReadOnlyList<Attempt> ascending)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < ascending.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"Instruction #{i + 1}: {ascending[i].Instruction}\nResulting score #{i + 1}: {ascending[i].Score:0.###}\n");
        return sb.ToString().TrimEnd();
    }

    private static List<string> Distinct(IEnumerable<string> instructions) => instructions.Distinct(StringComparer.Ordinal).ToList();

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "...";

    private sealed record Attempt(string Instruction, double Score, ProgramState State);
}
