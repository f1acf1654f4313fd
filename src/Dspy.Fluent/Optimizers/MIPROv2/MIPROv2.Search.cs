using System.Globalization;

namespace Dspy.Fluent;

public sealed partial class MIPROv2
{
    /// <summary>Step 3: TPE over (instruction, demo set) per predictor; minibatch trials with periodic full evaluations.</summary>
    private async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> SearchAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run,
        IReadOnlyList<IPredictor> predictors, List<List<string>> instructions, List<List<IReadOnlyList<Example>>>? demoSets, SearchPlan plan,
        List<OptimizerTrial> trials, Random random, CancellationToken cancellationToken)
    {
        var valset = plan.Valset;
        var evaluator = new CandidateEvaluator<TIn, TOut>(run, _metric, _options.Concurrency);
        var dimensions = predictors.SelectMany((_, i) => demoSets is null ? [instructions[i].Count] : new[] { instructions[i].Count, demoSets[i].Count }).ToArray();
        var tpe = new TpeSampler(dimensions, new TpeOptions { StartupTrials = Math.Clamp(plan.Trials / 3, 3, 10), AvoidRepeats = !plan.Minibatch },
            random.Next());

        var baseline = await evaluator.EvaluateAsync(run.Student.State, valset, "valset", cancellationToken).ConfigureAwait(false);
        CandidateEvaluator<TIn, TOut>.EnsureScorable(baseline, Name, "valset");
        var defaultPoint = new int[dimensions.Length];
        tpe.Observe(defaultPoint, baseline.Score);
        var best = (Score: baseline.Score, State: run.Student.State, Point: defaultPoint);
        trials.Add(new OptimizerTrial("uncompiled program", baseline.Score, true, "full evaluation of the default program") { Phase = "full", BestSoFar = best.Score });

        var minibatchScores = new Dictionary<string, (int[] Point, List<double> Scores)>(StringComparer.Ordinal);
        var fullyEvaluated = new HashSet<string>(StringComparer.Ordinal) { Key(defaultPoint) };
        var total = plan.Trials + (plan.Minibatch ? plan.Trials / _options.MinibatchFullEvalSteps + 1 : 0);
        var step = 0;
        for (var trial = 1; trial <= plan.Trials; trial++)
        {
            var point = tpe.Suggest();
            var state = Build(run.Student.State, predictors, instructions, demoSets, point);
            var label = Describe(predictors, point, demoSets is not null);
            double score;
            if (plan.Minibatch)
            {
                var indices = SeededSampling.Sample(Enumerable.Range(0, valset.Count).ToList(), _options.MinibatchSize, random);
                var batch = indices.Select(i => valset[i]).ToList();
                score = (await evaluator.EvaluateAsync(state, batch, "minibatch " + string.Join(",", indices), cancellationToken).ConfigureAwait(false)).Score;
                var key = Key(point);
                if (!minibatchScores.TryGetValue(key, out var entry)) minibatchScores[key] = entry = (point, []);
                entry.Scores.Add(score);
                trials.Add(new OptimizerTrial($"trial {trial}: {label}", score, false, $"minibatch of {batch.Count}") { Phase = "minibatch", BestSoFar = best.Score });
            }
            else
            {
                score = (await evaluator.EvaluateAsync(state, valset, "valset", cancellationToken).ConfigureAwait(false)).Score;
                var better = score > best.Score;
                if (better) best = (score, state, point);
                trials.Add(new OptimizerTrial($"trial {trial}: {label}", score, better, better ? "best so far" : null) { Phase = "full", BestSoFar = best.Score });
            }
            tpe.Observe(point, score);
            run.Report("searching", ++step, total, best.Score, $"trial {trial}/{plan.Trials}: {score:P1}", score, label);

            if (plan.Minibatch && (trial % _options.MinibatchFullEvalSteps == 0 || trial == plan.Trials))
            {
                var top = minibatchScores.Where(kv => !fullyEvaluated.Contains(kv.Key))
                    .OrderByDescending(kv => kv.Value.Scores.Average()).Select(kv => kv.Value).FirstOrDefault();
                if (top.Point is null) continue;
                fullyEvaluated.Add(Key(top.Point));
                var candidate = Build(run.Student.State, predictors, instructions, demoSets, top.Point);
                var full = (await evaluator.EvaluateAsync(candidate, valset, "valset", cancellationToken).ConfigureAwait(false)).Score;
                tpe.Observe(top.Point, full);
                var better = full > best.Score;
                if (better) best = (full, candidate, top.Point);
                var fullLabel = Describe(predictors, top.Point, demoSets is not null);
                trials.Add(new OptimizerTrial($"full evaluation: {fullLabel}", full, better,
                    string.Create(CultureInfo.InvariantCulture, $"minibatch mean {top.Scores.Average():0.###} over {top.Scores.Count}")) { Phase = "full", BestSoFar = best.Score });
                run.Report("searching", ++step, total, best.Score, $"full evaluation after trial {trial}: {full:P1}", full, fullLabel);
            }
        }

        var chosen = Describe(predictors, best.Point, demoSets is not null);
        return (run.Student.WithState(best.State), new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials, Score = best.Score, BaselineScore = baseline.Score,
            Chosen = $"{chosen} (valset score {best.Score:P1} on {valset.Count} examples)",
            Notes = predictors.Select((p, i) => $"{p.Name} runs instruction {best.Point[demoSets is null ? i : 2 * i]}: \"{InstructionProposals.Current(best.State, p)}\"").ToList(),
        });
    }

    private static ProgramState Build(ProgramState state, IReadOnlyList<IPredictor> predictors, List<List<string>> instructions,
        List<List<IReadOnlyList<Example>>>? demoSets, int[] point)
    {
        for (var i = 0; i < predictors.Count; i++)
        {
            var p = predictors[i];
            if (demoSets is null) state = InstructionProposals.WithInstruction(state, p, instructions[i][point[i]]);
            else
            {
                state = InstructionProposals.WithInstruction(state, p, instructions[i][point[2 * i]]);
                var demos = demoSets[i][point[2 * i + 1]];
                if (!(state.Find(p.Name)?.Demos ?? []).SequenceEqual(demos)) state = state.Update(p.Name, s => s with { Demos = demos, Signature = p.Signature });
            }
        }
        return state;
    }

    private static string Describe(IReadOnlyList<IPredictor> predictors, int[] point, bool demos) =>
        string.Join("; ", predictors.Select((p, i) => demos ? $"{p.Name}: instruction {point[2 * i]}, demo set {point[2 * i + 1]}" : $"{p.Name}: instruction {point[i]}"));

    private static string Key(int[] point) => string.Join(",", point);
}
