using System.Globalization;
using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// Induces natural-language rules from the training examples and appends them to each predictor's instructions:
/// bootstraps demos first (as <see cref="BootstrapFewShot"/>), then makes <see cref="InferRulesOptions.NumCandidates"/>
/// rule sets and keeps the one that scores best on the valset.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.InferRules</c>. Without a valset the trainset is split in half: the first half trains,
/// the second validates. For each candidate and each declared predictor, the training examples' fields of that
/// predictor are shown to a rule-writing model (ChainOfThought, a fresh rollout at temperature 1) that returns
/// <see cref="InferRulesOptions.NumRules"/> rules; they are appended as
/// <c>"\n\nPlease adhere to the following rules when making your prediction:\n" + rules</c>. A request that fails is
/// retried with one example fewer (DSPy's answer to a context window overflow), down to one example. The first
/// best-scoring candidate wins.</para>
/// </remarks>
/// <example>
/// <code>
/// var result = await new InferRules(Metrics.ExactMatch, new InferRulesOptions { NumCandidates = 4 })
///     .CompileAsync(program, trainset, new CompileOptions&lt;Example, Prediction&gt; { Valset = valset });
/// Console.WriteLine(result.State.Find("generate_answer")!.Instructions);
/// </code>
/// </example>
public sealed class InferRules : Optimizer
{
    private const string RulesHeading = "Please adhere to the following rules when making your prediction:";
    private readonly IMetric _metric;
    private readonly InferRulesOptions _options;
    private readonly Predictor<Example, Prediction> _inducer;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="metric">Scores the candidates on the valset (and the bootstrap's runs).</param>
    /// <param name="options">Settings; DSPy's defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count below 1.</exception>
    /// <example>
    /// <code>
    /// var infer = new InferRules(Metrics.ExactMatch, new InferRulesOptions { NumRules = 5 });
    /// </code>
    /// </example>
    public InferRules(IMetric metric, InferRulesOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metric = metric;
        _options = options ?? new InferRulesOptions();
        ArgumentNullException.ThrowIfNull(_options.Bootstrap, "InferRulesOptions.Bootstrap");
        if (_options.NumCandidates < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.NumCandidates, "InferRulesOptions.NumCandidates must be at least 1 (one rule set to score).");
        if (_options.NumRules < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.NumRules, "InferRulesOptions.NumRules must be at least 1.");
        if (_options.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Concurrency, "InferRulesOptions.Concurrency must be at least 1.");
        _bootstrap = new BootstrapFewShot(metric, _options.Bootstrap with { Settings = _options.Bootstrap.Settings ?? _options.Settings });
        _inducer = Predict.ChainOfThought("infer_rules",
            Signature.Parse("examples_text -> natural_language_rules",
                    $"Given a set of examples, extract a list of {_options.NumRules} concise and non-redundant natural language rules that " +
                    "provide clear guidance for performing the task. All rules should be actionable for a well-specified scope of " +
                    "examples of this general kind of task.")
                .WithFieldDescription("examples_text", "Text containing examples")
                .WithFieldDescription("natural_language_rules", "Induced natural language rules"));
    }

    private readonly BootstrapFewShot _bootstrap;

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>
    /// <example>
    /// <code>
    /// var key = new InferRules(Metrics.ExactMatch).ToString();
    /// </code>
    /// </example>
    public override string ToString() => $"{Name} (metric {_metric.Name}) {_options}";

    /// <inheritdoc />
    public override string Name => "InferRules";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;

    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var trainset = run.Trainset;
        var valset = run.Options.Valset;
        if (valset is null)
        {
            if (trainset.Count < 2)
                throw new ArgumentException("InferRules with no valset validates on half of the trainset, so it needs at least 2 training examples; pass more or give a valset.");
            var half = trainset.Count / 2;
            (trainset, valset) = (trainset.Take(half).ToList(), trainset.Skip(half).ToList());
            run.Note($"No valset: the first {half} training examples induce rules, the other {valset.Count} validate them (DSPy's 50/50 split).");
        }
        var bootstrapped = await _bootstrap.CompileAsync(run.Student, trainset,
            new CompileOptions<TIn, TOut> { ToInput = run.ToInput, Teacher = run.Options.Teacher, Executor = run.Options.Executor }, cancellationToken).ConfigureAwait(false);
        run.Absorb(bootstrapped.Report);
        var original = bootstrapped.State;
        var random = new Random(_options.Seed);
        var ruleSettings = (_options.PromptModel ?? run.Settings) with { Temperature = 1.0f };
        var trials = new List<OptimizerTrial>();
        ProgramState? best = null;
        var bestScore = double.NegativeInfinity;
        var bestLabel = "";

        for (var c = 0; c < _options.NumCandidates; c++)
        {
            var state = original;
            var added = new List<string>();
            foreach (var predictor in run.Predictors)
            {
                var rules = await InduceAsync(run, predictor, trainset, ruleSettings, random, cancellationToken).ConfigureAwait(false);
                var instructions = InstructionProposals.Current(original, predictor) + "\n\n" + RulesHeading + "\n" + rules;
                state = state.Update(predictor.Name, s => s with { Instructions = instructions, Signature = predictor.Signature });
                added.Add($"{predictor.Name}: {rules.Split('\n').Length} rule line(s)");
            }
            var result = await run.EvaluateAsync(run.Student.WithState(state), valset, _metric, _options.Concurrency, cancellationToken).ConfigureAwait(false);
            if (c == 0) CandidateEvaluator<TIn, TOut>.EnsureScorable(result, Name, "valset");
            var label = $"rule set {c + 1}";
            var better = result.Score > bestScore;
            if (better) (best, bestScore, bestLabel) = (state, result.Score, label);
            trials.Add(new OptimizerTrial(label, result.Score, better, string.Join("; ", added)) { Phase = "valset", BestSoFar = bestScore });
            run.Report("evaluating rule sets", c + 1, _options.NumCandidates, bestScore, $"{label}: {result.Score:P1}", result.Score, label);
        }
        return (run.Student.WithState(best!), new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials, Score = bestScore,
            Chosen = string.Create(CultureInfo.InvariantCulture, $"{bestLabel} of {_options.NumCandidates}, valset score {bestScore:P1} on {valset.Count} examples"),
        });
    }

    /// <summary>Asks for rules from the predictor's fields of every training example, one example fewer after each failure.</summary>
    private async Task<string> InduceAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, IPredictor predictor, IReadOnlyList<Example> trainset,
        LMSettings settings, Random random, CancellationToken cancellationToken)
    {
        var fields = predictor.Signature.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var demos = trainset.Select(e => e.Where(kv => fields.Contains(kv.Key)).ToList()).ToList();
        while (true)
        {
            var rollout = random.Next(0, 1_000_000_001).ToString(CultureInfo.InvariantCulture);
            var inputs = Example.Create("examples_text", Format(demos, predictor.Signature)).WithInputs("examples_text");
            var (output, error) = await run.ProposeAsync(_inducer, inputs, settings with { RolloutId = rollout }, cancellationToken).ConfigureAwait(false);
            var rules = output?.GetText("natural_language_rules").Trim();
            if (error is null && !string.IsNullOrEmpty(rules)) return rules;
            var why = error ?? "the reply had no rules";
            if (demos.Count <= 1)
                throw new InvalidOperationException(
                    $"InferRules could not induce rules for {predictor.Name}: the rule-writing model failed even with a single example ({why}).");
            demos.RemoveAt(demos.Count - 1);
            run.Note($"Rule induction for {predictor.Name} failed ({why}); retried with {demos.Count} examples.");
        }
    }

    /// <summary>DSPy's examples text: each example's input fields, a separator, its output fields.</summary>
    private static string Format(List<List<KeyValuePair<string, object?>>> demos, Signature signature)
    {
        var inputs = signature.InputFields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var outputs = signature.OutputFields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var demo in demos)
        {
            sb.Append("Input Fields:\n").AppendJoin('\n', demo.Where(kv => inputs.Contains(kv.Key)).Select(kv => $"{kv.Key}: {Text(kv.Value)}"));
            sb.Append("\n\n=========\nOutput Fields:\n").AppendJoin('\n', demo.Where(kv => outputs.Contains(kv.Key)).Select(kv => $"{kv.Key}: {Text(kv.Value)}"));
            sb.Append("\n\n");
        }
        return sb.ToString();
    }

    private static string Text(object? value) => value switch
    {
        null => "None",
        string s => s,
        IEnumerable<string> list => "[" + string.Join(", ", list.Select(s => $"'{s}'")) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
