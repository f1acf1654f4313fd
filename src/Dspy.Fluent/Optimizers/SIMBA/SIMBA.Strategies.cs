using System.Globalization;
using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

public sealed partial class SIMBA
{
    private const string Truncated = "\n\t\t... <TRUNCATED FOR BREVITY>";

    /// <summary>Append a demo: the best run's last call of each declared predictor becomes a demo of that predictor.</summary>
    /// <returns>The new state and what was done; the state unchanged when the best run is in the batch's lowest decile.</returns>
    private (ProgramState? State, string Detail) AppendDemo(ProgramState state, Sample good, double p10, HashSet<string> names)
    {
        if (good.Score <= p10)
            return (state, string.Create(CultureInfo.InvariantCulture, $"no demo: the best run's score {good.Score:0.###} is at or below the batch's 10th percentile {p10:0.###}"));
        var demos = new Dictionary<string, Example>(StringComparer.Ordinal);
        foreach (var entry in good.Trace.Where(t => t.Signature is not null && names.Contains(t.Name)))
        {
            var demo = entry.ToDemo();
            foreach (var key in entry.Inputs.InputKeys)
                if (demo.TryGetValue(key, out var value) && value is string text && text.Length > _options.DemoInputFieldMaxLength)
                    demo = demo.With(key, text[.._options.DemoInputFieldMaxLength] + Truncated);
            demos[entry.Name] = demo.With(PredictorState.AugmentedKey, true);
        }
        foreach (var (name, demo) in demos)
            state = state.Update(name, p => p.WithDemos([.. p.Demos, demo]));
        return (state, $"appended a demo to {(demos.Count == 0 ? "no predictor (the run reached none)" : string.Join(", ", demos.Keys))}");
    }

    /// <summary>Append a rule: the rule model contrasts the best and worst runs of the example and advises each predictor;
    /// the advice is appended to its instructions.</summary>
    /// <returns>The new state (unchanged when the scores are outside the deciles), or null when the rule model failed.</returns>
    private async Task<(ProgramState? State, string Detail)> AppendRuleAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, ProgramState state,
        Example example, List<Sample> bucket, double p10, double p90, LMSettings settings, int step, int candidate, CancellationToken cancellationToken)
    {
        var (good, bad) = (bucket[0], bucket[^1]);
        if (good.Score <= p10 || bad.Score >= p90)
            return (state, string.Create(CultureInfo.InvariantCulture,
                $"no rule: the best score {good.Score:0.###} is at or below the 10th percentile {p10:0.###} or the worst {bad.Score:0.###} at or above the 90th {p90:0.###}"));
        // Equal scores: only one trajectory is worth showing (the better one when it is high, else the worse one).
        var showGood = true;
        var showBad = true;
        if (good.Score <= bad.Score)
        {
            if (good.Score > p90) showBad = false;
            else showGood = false;
        }
        var modules = run.Predictors.Select(p => p.Name.Value).ToList();
        var inputs = Example.Create("program_code", ProgramCode(run.Predictors, state))
            .With("modules_defn", ModulesDefinition(run.Predictors, state))
            .With("program_inputs", Json(ToMap(example.Inputs())))
            .With("oracle_metadata", Json(ToMap(example.Labels())))
            .With("worse_program_trajectory", showBad ? Trajectory(bad, modules) : "[]")
            .With("worse_program_outputs", showBad ? Json(OutputMap(bad.Output)) : Json(new Dictionary<string, object?> { ["N/A"] = "Prediction not available" }))
            .With("worse_reward_value", showBad ? bad.Score : "N/A")
            .With("worse_reward_info", Json(Info(bad)))
            .With("better_program_trajectory", showGood ? Trajectory(good, modules) : "[]")
            .With("better_program_outputs", showGood ? Json(OutputMap(good.Output)) : Json(new Dictionary<string, object?> { ["N/A"] = "Prediction not available" }))
            .With("better_reward_value", showGood ? good.Score : "N/A")
            .With("better_reward_info", Json(Info(good)))
            .With("module_names", modules.ToArray())
            .WithInputs(SIMBAFeedback.InputNames);
        var rollout = string.Create(CultureInfo.InvariantCulture, $"simba-{_options.Seed}-{step}-{candidate}");
        var (output, error) = await run.ProposeAsync(SIMBAFeedback.OfferFeedback, inputs, settings with { RolloutId = rollout }, cancellationToken).ConfigureAwait(false);
        if (error is not null) return (null, $"the rule model failed: {error}");
        if (output!.TryGetValue("module_advice", out var value) is false || value is not IReadOnlyDictionary<string, string> advice)
            return (null, "the rule model's module_advice is not a dictionary of predictor name to advice");
        var applied = new List<string>();
        foreach (var predictor in run.Predictors)
        {
            if (!advice.TryGetValue(predictor.Name, out var rule) || string.IsNullOrWhiteSpace(rule)) continue;
            state = InstructionProposals.WithInstruction(state, predictor, InstructionProposals.Current(state, predictor) + "\n\n" + rule.Trim());
            applied.Add($"{predictor.Name} <- \"{Shorten(rule.Trim())}\"");
        }
        return (state, applied.Count == 0 ? "the advice named no declared predictor" : "appended a rule: " + string.Join("; ", applied));
    }

    private static string Trajectory(Sample sample, List<string> modules) => Json(sample.Trace
        .Where(t => modules.Contains(t.Name))
        .Select(t => new Dictionary<string, object?> { ["module_name"] = t.Name, ["inputs"] = ToMap(t.Inputs), ["outputs"] = ToMap(t.Outputs) })
        .ToList());

    private static Dictionary<string, object?> Info(Sample sample) =>
        sample.Feedback is { } feedback ? new() { ["feedback"] = feedback } : sample.Error is { } error ? new() { ["error"] = error } : [];

    private static Dictionary<string, object?> OutputMap(object? output) => output switch
    {
        null => [],
        IEnumerable<KeyValuePair<string, object?>> fields => ToMap(fields),
        _ => new() { ["output"] = output },
    };

    private static Dictionary<string, object?> ToMap(IEnumerable<KeyValuePair<string, object?>> fields) =>
        fields.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>JSON with a 2-space indent, as DSPy's orjson renders these inputs.</summary>
    private static string Json(object value) => PythonJson.Serialize(value, indent: 2);

    /// <summary>Pseudo-code of the program (there is no Python source to show): its predictors in order.</summary>
    private static string ProgramCode(IReadOnlyList<IPredictor> predictors, ProgramState state)
    {
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"A program of {predictors.Count} language model step(s), run in this order:\n");
        foreach (var (p, i) in predictors.Select((p, i) => (p, i + 1)))
            sb.Append(CultureInfo.InvariantCulture,
                $"{i}. {p.Name} = {p.Kind}({string.Join(", ", p.Signature.InputFields.Select(f => f.Name))} -> {string.Join(", ", p.Signature.OutputFields.Select(f => f.Name))})\n");
        return sb.ToString().TrimEnd();
    }

    /// <summary>Each predictor's fields and current instructions, between separator lines, as DSPy's <c>inspect_modules</c> shows them.</summary>
    private static string ModulesDefinition(IReadOnlyList<IPredictor> predictors, ProgramState state)
    {
        var separator = new string('-', 80);
        var sb = new StringBuilder(separator).Append('\n');
        foreach (var p in predictors)
        {
            sb.Append("Module ").Append(p.Name).Append("\n\n\tInput Fields:\n");
            foreach (var f in p.Signature.InputFields) sb.Append("\t\t").Append(f.Name).Append(" (").Append(f.Type.PythonName).Append(")\n");
            sb.Append("\tOutput Fields:\n");
            foreach (var f in p.Signature.OutputFields) sb.Append("\t\t").Append(f.Name).Append(" (").Append(f.Type.PythonName).Append(")\n");
            var instructions = InstructionProposals.Current(state, p).Split('\n');
            sb.Append("\tOriginal Instructions: ").Append(string.Join("\n\t\t", instructions)).Append('\n').Append(separator).Append('\n');
        }
        return sb.ToString().TrimEnd('\n');
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "...";
}
