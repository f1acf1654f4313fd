using Dspy.Fluent.Internal;
using System.Globalization;
using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// MIPROv2's step 2: instruction candidates per predictor, proposed from a dataset summary, a description of the program
/// and of the predictor's role, a few bootstrapped demos, a random tip and the current instruction. Candidate 0 is the
/// current instruction. Context that cannot be produced (a summariser fails) is left out and noted, as in DSPy.
/// </summary>
internal sealed class GroundedProposer<TIn, TOut>(OptimizerRun<TIn, TOut> run, MIPROv2Options options, Random random, List<OptimizerTrial> trials)
{
    private const int DemosInContext = 3;
    private readonly LMSettings _settings = (options.PromptModel ?? run.Settings) with { Temperature = options.InitTemperature };

    /// <summary>Per predictor (in order), its instruction candidates: the current one first, then the accepted proposals.</summary>
    public async Task<List<List<string>>> ProposeAsync(IReadOnlyList<IPredictor> predictors, IReadOnlyList<Example> trainset,
        List<List<IReadOnlyList<Example>>>? demoSets, int count, CancellationToken cancellationToken)
    {
        var summary = options.DataAwareProposer ? await SummarizeDataAsync(trainset, cancellationToken).ConfigureAwait(false) : null;
        var code = ProgramCode(predictors, run.Student.State);
        string? programDescription = null;
        var withDemos = options.FewshotAwareProposer && demoSets is not null;
        var perSet = demoSets is null ? count : Math.Min(count, Math.Max(demoSets[0].Count, 1));

        var result = new List<List<string>>();
        for (var i = 0; i < predictors.Count; i++)
        {
            var predictor = predictors[i];
            var current = InstructionProposals.Current(run.Student.State, predictor);
            var candidates = new List<string> { current };
            var requests = new List<(string Tip, string Demos, string RolloutId)>();
            for (var set = 0; set < perSet; set++)
            {
                var tip = options.TipAwareProposer ? MIPROv2Proposers.Tips[random.Next(MIPROv2Proposers.Tips.Count)].Text : "";
                var demos = withDemos && set > 0 ? TaskDemos(predictor, demoSets![i], set) : "No task demos provided.";
                requests.Add((tip, demos, string.Create(CultureInfo.InvariantCulture, $"mipro-{random.Next()}")));
            }

            string? moduleDescription = null;
            if (options.ProgramAwareProposer)
            {
                var example = requests.Select(r => r.Demos).FirstOrDefault(d => d != "No task demos provided.") ?? "No task demos provided.";
                programDescription ??= await DescribeAsync(MIPROv2Proposers.DescribeProgram,
                    Example.Create("program_code", code).With("program_example", example), "program_description", "program description", cancellationToken).ConfigureAwait(false);
                moduleDescription = await DescribeAsync(MIPROv2Proposers.DescribeModule,
                    Example.Create("program_code", code).With("program_example", example).With("program_description", programDescription ?? "Not available")
                        .With("module", Module(predictor)), "module_description", $"description of {predictor.Name}", cancellationToken).ConfigureAwait(false);
            }

            run.Report("proposing instructions", i, predictors.Count, null, $"{predictor.Name}: {Counted.Of(requests.Count, "proposal")}");
            var replies = await Task.WhenAll(requests.Select(r =>
            {
                var proposer = MIPROv2Proposers.ProposeInstruction(summary is not null, options.ProgramAwareProposer, withDemos, r.Tip.Length > 0);
                var inputs = Example.Create("basic_instruction", current);
                if (summary is not null) inputs = inputs.With("dataset_description", summary);
                if (options.ProgramAwareProposer)
                    inputs = inputs.With("program_code", code).With("program_description", programDescription ?? "Not available")
                        .With("module", Module(predictor)).With("module_description", moduleDescription ?? "Not provided");
                if (withDemos) inputs = inputs.With("task_demos", r.Demos);
                if (r.Tip.Length > 0) inputs = inputs.With("tip", r.Tip);
                return InstructionProposals.ProposeAsync(run, proposer, inputs, "proposed_instruction", _settings, [r.RolloutId], cancellationToken);
            })).ConfigureAwait(false);
            foreach (var proposal in replies.Select(r => r[0]))
            {
                if (proposal.Instruction is { } text)
                {
                    if (!candidates.Contains(text, StringComparer.Ordinal)) candidates.Add(text);
                }
                else trials.Add(new OptimizerTrial($"proposal for {predictor.Name} ({proposal.RolloutId})", null, false, proposal.Rejection) { Phase = "proposal" });
            }
            // DSPy proposes one instruction per demo set and overwrites the first with the current one; keep N in all.
            result.Add(candidates.Take(Math.Max(count, 1)).ToList());
        }
        return result;
    }

    /// <summary>Observations over batches of training examples, then a short summary of them (DSPy's dataset summary).</summary>
    private async Task<string?> SummarizeDataAsync(IReadOnlyList<Example> trainset, CancellationToken cancellationToken)
    {
        var size = Math.Max(1, options.ViewDataBatchSize);
        var first = await DescribeAsync(MIPROv2Proposers.DescribeData, Example.Create("examples", Render(trainset.Take(size))), "observations", "dataset observations", cancellationToken)
            .ConfigureAwait(false);
        if (first is null) return null;
        var observations = new StringBuilder(first);
        var complete = 0;
        for (int start = size, calls = 1; start < trainset.Count && calls < 10 && complete < 5; start += size, calls++)
        {
            var more = await DescribeAsync(MIPROv2Proposers.DescribeMoreData,
                Example.Create("examples", Render(trainset.Skip(start).Take(size))).With("prior_observations", observations.ToString()),
                "observations", "dataset observations", cancellationToken).ConfigureAwait(false);
            if (more is null) break;
            if (more.TrimStart().StartsWith("COMPLETE", StringComparison.OrdinalIgnoreCase)) complete++;
            else observations.Append('\n').Append(more);
        }
        return await DescribeAsync(MIPROv2Proposers.SummarizeObservations, Example.Create("observations", observations.ToString()), "summary", "dataset summary", cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<string?> DescribeAsync(Predictor<Example, Prediction> describer, Example inputs, string field, string what, CancellationToken cancellationToken)
    {
        var settings = _settings with { RolloutId = string.Create(CultureInfo.InvariantCulture, $"mipro-{random.Next()}") };
        var (output, error) = await run.ProposeAsync(describer, inputs.WithInputs(inputs.Keys), settings, cancellationToken).ConfigureAwait(false);
        var text = output?.GetText(field).Trim();
        if (string.IsNullOrEmpty(text))
        {
            run.Note($"The {what} could not be produced ({error ?? "empty reply"}); proposing without it.");
            return null;
        }
        return text;
    }

    /// <summary>Pseudo-code of the program: its predictors in order with their signatures (there is no Python source to show).</summary>
    private static string ProgramCode(IReadOnlyList<IPredictor> predictors, ProgramState state)
    {
        var sb = new StringBuilder($"A program of {predictors.Count} language model step(s), run in this order:\n");
        foreach (var (p, i) in predictors.Select((p, i) => (p, i + 1)))
            sb.Append(CultureInfo.InvariantCulture, $"{i}. {Module(p)}\n   instruction: {InstructionProposals.Current(state, p)}\n");
        return sb.ToString().TrimEnd();
    }

    private static string Module(IPredictor p) =>
        $"{p.Name} = {p.Kind}({string.Join(", ", p.Signature.InputFields.Select(f => f.Name))} -> {string.Join(", ", p.Signature.OutputFields.Select(f => f.Name))})";

    /// <summary>Up to three bootstrapped demos of the predictor, from its demo set <paramref name="set"/> and then the following ones.</summary>
    private static string TaskDemos(IPredictor predictor, List<IReadOnlyList<Example>> sets, int set)
    {
        var ordered = sets.Skip(set).Concat(sets.Take(set));
        var fields = predictor.Signature.Fields.Select(f => f.Name).ToList();
        var shown = ordered.SelectMany(s => s).Where(d => d.ContainsKey(PredictorState.AugmentedKey)).Take(DemosInContext)
            .Select(d => string.Join("\n", fields.Where(d.ContainsKey).Select(f => $"{f}: {Value(d[f])}"))).ToList();
        return shown.Count == 0 ? "No task demos provided." : string.Join("\n\n", shown);
    }

    private static string Render(IEnumerable<Example> examples) =>
        string.Join("\n\n", examples.Select(e => string.Join("\n", e.Select(kv => $"{kv.Key}: {Value(kv.Value)}"))));

    private static string Value(object? value) => value switch
    {
        null => "",
        string s => s,
        IEnumerable<string> list => string.Join(" | ", list),
        _ => value.ToString() ?? "",
    };
}
