using System.Globalization;

namespace Dspy.Fluent;

public sealed partial class GEPA
{
    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var predictors = run.Predictors;
        var trainset = run.Trainset;
        var valset = run.Options.Valset ?? run.Trainset;
        var budget = Budget(predictors.Count, trainset.Count, run.Options.Valset is null ? 0 : valset.Count);
        if (budget < valset.Count)
            throw new ArgumentException($"GEPA's budget of {budget} metric calls cannot cover the first valset evaluation ({valset.Count} examples). " +
                                        "Raise the budget or pass a smaller valset.");
        var random = new Random(_options.Seed);
        var evaluator = new CandidateEvaluator<TIn, TOut>(run, _metric, _options.Concurrency);
        var reflectionSettings = _options.ReflectionModel ?? run.Settings;
        var trials = new List<OptimizerTrial>();

        var baseline = await evaluator.EvaluateAsync(run.Student.State, valset, "valset", cancellationToken).ConfigureAwait(false);
        CandidateEvaluator<TIn, TOut>.EnsureScorable(baseline, Name, "valset");
        var used = valset.Count;
        var pool = new List<Candidate> { new(run.Student.State, null, null, null, 0, baseline.Rows.Select(r => r.Score).ToArray()) };
        var best = 0;
        trials.Add(new OptimizerTrial("candidate 0: the uncompiled program", baseline.Score, true, "valset evaluation") { Phase = "valset", BestSoFar = baseline.Score });
        var nextPredictor = new Dictionary<int, int>();
        var order = new List<int>();
        var position = 0;
        var minibatchSize = Math.Min(_options.ReflectionMinibatchSize, trainset.Count);

        var mergeRandom = new Random(unchecked(_options.Seed * 31 + 17));
        var (mergesDue, merged, mergesTried, lastFound) = (0, 0, 0, false);
        var triedMerges = new HashSet<string>(StringComparer.Ordinal);

        for (var iteration = 1; used + minibatchSize <= budget; iteration++)
        {
            if (_options.UseMerge && mergesDue > 0 && lastFound)
            {
                lastFound = false;
                var instructions = pool.Select(c => predictors.Select(p => InstructionProposals.Current(c.State, p)).ToArray()).ToList();
                var parents = pool.Select(c => new[] { c.Parent, c.OtherParent }.OfType<int>().ToArray()).ToList();
                if (GEPAMerge.Propose(instructions, pool.Select(c => c.Aggregate).ToList(), parents, Front(pool), triedMerges, mergeRandom) is { } merge)
                {
                    mergesTried++;
                    var state = pool[merge.Ancestor].State;
                    for (var p = 0; p < predictors.Count; p++) state = InstructionProposals.WithInstruction(state, predictors[p], merge.Instructions[p]);
                    var subsample = GEPAMerge.Subsample(pool[merge.First].Scores, pool[merge.Second].Scores, Math.Min(5, valset.Count), mergeRandom);
                    var mergeLabel = $"iteration {iteration}: merge of candidates {merge.First} and {merge.Second} (common ancestor {merge.Ancestor})";
                    var mergeRuns = await run.RunManyAsync(run.Student.WithState(state), subsample.Select(e => valset[e]).ToArray(), _metric, bootstrapping: false, null,
                        _options.Concurrency, cancellationToken).ConfigureAwait(false);
                    used += subsample.Count;
                    var mergedSum = mergeRuns.Sum(r => r.Score?.Score ?? 0);
                    var firstSum = subsample.Sum(e => pool[merge.First].Scores[e]);
                    var secondSum = subsample.Sum(e => pool[merge.Second].Scores[e]);
                    var mergeSums = string.Create(CultureInfo.InvariantCulture, $"subsample {mergedSum:0.##} vs parents {firstSum:0.##} and {secondSum:0.##}");
                    if (mergedSum < Math.Max(firstSum, secondSum) || used + valset.Count > budget)
                    {
                        var why = mergedSum < Math.Max(firstSum, secondSum) ? $"{mergeSums}: worse than the better parent" : $"{mergeSums}, but the valset evaluation would pass the budget";
                        trials.Add(new OptimizerTrial(mergeLabel, mergedSum / subsample.Count, false, why) { Phase = "merge", BestSoFar = pool[best].Aggregate });
                        run.Report("evolving", iteration, 0, pool[best].Aggregate, $"{mergeLabel}: {why}", mergedSum / subsample.Count, "merge");
                        continue;
                    }
                    var mergedResult = await evaluator.EvaluateAsync(state, valset, "valset", cancellationToken).ConfigureAwait(false);
                    used += valset.Count;
                    pool.Add(new Candidate(state, merge.First, "merge", null, iteration, mergedResult.Rows.Select(r => r.Score).ToArray()) { OtherParent = merge.Second });
                    mergesDue--;
                    merged++;
                    var mergeBetter = pool[^1].Aggregate > pool[best].Aggregate;
                    if (mergeBetter) best = pool.Count - 1;
                    trials.Add(new OptimizerTrial($"{mergeLabel} -> candidate {pool.Count - 1}", mergedResult.Score, mergeBetter, mergeSums) { Phase = "valset", BestSoFar = pool[best].Aggregate });
                    run.Report("evolving", iteration, 0, pool[best].Aggregate, $"{mergeLabel}: candidate {pool.Count - 1} scores {mergedResult.Score:P1} on the valset", mergedResult.Score, "merge");
                    continue;
                }
            }
            var parentIndex = Select(pool, random);
            var parent = pool[parentIndex];
            var predictor = predictors[nextPredictor.GetValueOrDefault(parentIndex) % predictors.Count];
            nextPredictor[parentIndex] = nextPredictor.GetValueOrDefault(parentIndex) + 1;
            var batch = NextMinibatch(trainset.Count, minibatchSize, order, ref position, random);
            var program = run.Student.WithState(parent.State);
            var runs = await run.RunManyAsync(program, batch.Select(i => trainset[i]).ToArray(), _metric, bootstrapping: false, null, _options.Concurrency, cancellationToken).ConfigureAwait(false);
            used += batch.Count;
            var parentSum = runs.Sum(r => r.Score?.Score ?? 0);
            var label = $"iteration {iteration}: candidate {parentIndex}, {predictor.Name}";
            void Reject(string why, double? score = null)
            {
                trials.Add(new OptimizerTrial(label, score, false, why) { Phase = score is null ? "proposal" : "minibatch", BestSoFar = pool[best].Aggregate });
                run.Report("evolving", iteration, 0, pool[best].Aggregate, $"{label}: {why}", score, predictor.Name);
            }

            if (_options.SkipPerfectScore && runs.All(r => r.Score?.Score >= _options.PerfectScore))
            {
                Reject($"skipped: the minibatch [{string.Join(", ", batch)}] is already perfect");
                continue;
            }
            var reflective = Reflective(runs, predictor);
            if (reflective.Count == 0)
            {
                Reject($"no run of the minibatch reached {predictor.Name}, so there is nothing to reflect on");
                continue;
            }
            var current = InstructionProposals.Current(parent.State, predictor);
            var inputs = Example.Create("current_instruction", current).With("examples_with_feedback", GEPAReflection.Render(reflective))
                .WithInputs("current_instruction", "examples_with_feedback");
            var rollout = string.Create(CultureInfo.InvariantCulture, $"gepa-{_options.Seed}-{iteration}");
            var proposal = (await InstructionProposals.ProposeAsync(run, GEPAReflection.Proposer, inputs, "new_instruction", reflectionSettings, [rollout], cancellationToken)
                .ConfigureAwait(false))[0];
            if (proposal.Instruction is not { } instruction || instruction == current)
            {
                Reject(proposal.Rejection ?? "the reflection LM returned the current instruction unchanged");
                continue;
            }

            var child = InstructionProposals.WithInstruction(parent.State, predictor, instruction);
            var childProgram = run.Student.WithState(child);
            var childRuns = await run.RunManyAsync(childProgram, batch.Select(i => trainset[i]).ToArray(), _metric, bootstrapping: false, null, _options.Concurrency, cancellationToken).ConfigureAwait(false);
            used += batch.Count;
            var childSum = childRuns.Sum(r => r.Score?.Score ?? 0);
            var sums = string.Create(CultureInfo.InvariantCulture, $"minibatch {parentSum:0.##} -> {childSum:0.##}");
            if (childSum <= parentSum)
            {
                Reject($"{sums}: not better; \"{Shorten(instruction)}\"", childSum / batch.Count);
                continue;
            }
            if (used + valset.Count > budget)
            {
                Reject($"{sums}, but the valset evaluation ({valset.Count} calls) would pass the budget ({budget - used} left)", childSum / batch.Count);
                run.Note($"Stopped at iteration {iteration}: an improved candidate's valset evaluation would pass the budget of {budget} metric calls.");
                break;
            }
            var result = await evaluator.EvaluateAsync(child, valset, "valset", cancellationToken).ConfigureAwait(false);
            used += valset.Count;
            pool.Add(new Candidate(child, parentIndex, predictor.Name, instruction, iteration, result.Rows.Select(r => r.Score).ToArray()));
            var better = pool[^1].Aggregate > pool[best].Aggregate;
            if (better) best = pool.Count - 1;
            lastFound = true;
            if (merged < _options.MaxMergeInvocations) mergesDue++;
            trials.Add(new OptimizerTrial($"{label} -> candidate {pool.Count - 1}", result.Score, better, $"{sums}; \"{Shorten(instruction)}\"")
                { Phase = "valset", BestSoFar = pool[best].Aggregate });
            run.Report("evolving", iteration, 0, pool[best].Aggregate, $"{label}: candidate {pool.Count - 1} scores {result.Score:P1} on the valset", result.Score, Shorten(instruction));
        }

        if (_options.UseMerge && mergesTried > 0)
            run.Note($"Merge: {merged} of {mergesTried} merged candidate(s) were good enough on their valset subsample to join the pool.");
        var winner = pool[best];
        return (run.Student.WithState(winner.State), new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials, Score = winner.Aggregate, BaselineScore = baseline.Score,
            Chosen = $"candidate {best} of {pool.Count} (valset score {winner.Aggregate:P1} on {valset.Count} examples; {used} of {budget} metric calls used)",
            Lineage = Lineage(pool, best),
        });
    }

    /// <summary>The predictor's calls in each run, with the metric's feedback (or the score, or the error, when there is none).</summary>
    private static List<GEPAReflection.ReflectiveExample> Reflective<TOut>(IReadOnlyList<ScoredRun<TOut>> runs, IPredictor predictor)
    {
        var examples = new List<GEPAReflection.ReflectiveExample>();
        foreach (var r in runs)
        {
            var feedback = r.Score is { } s
                ? s.Feedback ?? string.Create(CultureInfo.InvariantCulture, $"This output scored {s.Score:0.###}.")
                : $"The run failed: {r.Error}";
            foreach (var entry in r.Trace.Where(t => t.Name == predictor.Name))
                examples.Add(new GEPAReflection.ReflectiveExample(entry.Inputs, entry.Outputs, feedback));
        }
        return examples;
    }

    /// <summary>The next minibatch of training indices, GEPA's epoch-shuffled way: one shuffle per pass over the trainset.</summary>
    private static List<int> NextMinibatch(int count, int size, List<int> order, ref int position, Random random)
    {
        if (order.Count == 0 || position + size > order.Count)
        {
            order.Clear();
            order.AddRange(SeededSampling.Shuffle(Enumerable.Range(0, count), random));
            position = 0;
        }
        var batch = order.GetRange(position, size);
        position += size;
        return batch;
    }

    /// <summary>The candidate to improve next: sampled from the Pareto front (weighted by the examples it is best on) or the current best.</summary>
    private int Select(List<Candidate> pool, Random random)
    {
        if (_options.CandidateSelection == GEPACandidateSelection.CurrentBest || pool.Count == 1)
            return pool.Select((c, i) => (c, i)).Aggregate((a, b) => b.c.Aggregate > a.c.Aggregate ? b : a).i;
        var (kept, fronts) = FrontSets(pool);
        var total = kept.Sum(c => fronts[c].Count);
        var u = random.Next(total);
        foreach (var c in kept)
        {
            u -= fronts[c].Count;
            if (u < 0) return c;
        }
        return kept[^1];
    }

    /// <summary>The non-dominated candidates of the valset's per-example Pareto front.</summary>
    private static List<int> Front(List<Candidate> pool) => FrontSets(pool).Kept;

    private static (List<int> Kept, HashSet<int>[] Fronts) FrontSets(List<Candidate> pool)
    {
        var examples = pool[0].Scores.Length;
        var fronts = new HashSet<int>[pool.Count];
        for (var c = 0; c < pool.Count; c++) fronts[c] = [];
        for (var e = 0; e < examples; e++)
        {
            var top = pool.Max(c => c.Scores[e]);
            for (var c = 0; c < pool.Count; c++)
                if (pool[c].Scores[e] >= top) fronts[c].Add(e);
        }
        // A candidate is dominated when another is best on every example it is best on (and more, or as many with a better
        // aggregate, or the same with an earlier place): sampling it would only revisit what the other covers.
        var kept = Enumerable.Range(0, pool.Count).Where(c => fronts[c].Count > 0 && !Enumerable.Range(0, pool.Count).Any(d => d != c && Dominates(d, c))).ToList();
        return (kept, fronts);

        bool Dominates(int d, int c) => fronts[c].IsSubsetOf(fronts[d]) &&
            (fronts[d].Count > fronts[c].Count || pool[d].Aggregate > pool[c].Aggregate || (pool[d].Aggregate == pool[c].Aggregate && d < c));
    }

    private static List<string> Lineage(List<Candidate> pool, int index)
    {
        var steps = new List<string>();
        for (int? i = index; i is { } c; i = pool[c].Parent)
        {
            var candidate = pool[c];
            steps.Add(candidate.Parent is null
                ? string.Create(CultureInfo.InvariantCulture, $"candidate {c}: the uncompiled program, valset {candidate.Aggregate:P1}")
                : candidate.OtherParent is { } other
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"candidate {c} (iteration {candidate.Iteration}): merge of candidates {candidate.Parent} and {other}, valset {candidate.Aggregate:P1}")
                    : string.Create(CultureInfo.InvariantCulture,
                        $"candidate {c} (iteration {candidate.Iteration}, from candidate {candidate.Parent}): {candidate.Predictor} <- \"{candidate.Instruction}\", valset {candidate.Aggregate:P1}"));
        }
        steps.Reverse();
        return steps;
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "...";
}
