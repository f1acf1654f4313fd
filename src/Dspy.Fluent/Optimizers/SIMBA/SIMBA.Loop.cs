using System.Globalization;

namespace Dspy.Fluent;

public sealed partial class SIMBA
{
    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var trainset = run.Trainset;
        if (trainset.Count < _options.BatchSize)
            throw new ArgumentException(
                $"SIMBA needs at least BatchSize = {_options.BatchSize} training examples; the trainset has {trainset.Count}. " +
                "Pass more examples or lower SIMBAOptions.BatchSize.");
        var random = new Random(_options.Seed);
        var names = run.Predictors.Select(p => p.Name.Value).ToHashSet(StringComparer.Ordinal);
        var ruleSettings = _options.PromptModel ?? run.Settings;
        var strategies = _options.MaxDemos > 0 ? new[] { "append a demo", "append a rule" } : ["append a rule"];
        var pool = new List<PoolEntry> { new(run.Student.State, []) };
        var winners = new List<(ProgramState State, string Label)> { (run.Student.State, "the uncompiled program") };
        var trials = new List<OptimizerTrial>();
        var order = SeededSampling.Shuffle(Enumerable.Range(0, trainset.Count), random);
        var position = 0;
        var size = _options.BatchSize;
        var samples = _options.NumCandidates;
        double? bestBatch = null;

        for (var step = 0; step < _options.MaxSteps; step++)
        {
            if (position + size > trainset.Count)
            {
                order = SeededSampling.Shuffle(order, random);
                position = 0;
            }
            var batch = order.GetRange(position, size).Select(i => trainset[i]).ToArray();
            position += size;

            // Sample: rollout m of every example runs on a program drawn from the pool's best (and the uncompiled one).
            var top = TopPlusBaseline(pool, samples);
            var drawn = new int[samples, size];
            for (var m = 0; m < samples; m++)
                for (var e = 0; e < size; e++)
                    drawn[m, e] = SoftmaxSample(pool, top, _options.TemperatureForSampling, random);
            var outputs = new Sample[samples * size];
            for (var m = 0; m < samples; m++)
            {
                var settings = run.Settings with { RolloutId = m.ToString(CultureInfo.InvariantCulture), Temperature = 1.0f };
                foreach (var group in Enumerable.Range(0, size).GroupBy(e => drawn[m, e]))
                {
                    var indices = group.ToArray();
                    var runs = await run.RunManyAsync(run.Student.WithState(pool[group.Key].State), indices.Select(e => batch[e]).ToArray(), _metric,
                        bootstrapping: false, settings, _options.Concurrency, cancellationToken).ConfigureAwait(false);
                    for (var k = 0; k < indices.Length; k++)
                        outputs[m * size + indices[k]] = ToSample(indices[k], group.Key, runs[k]);
                }
            }
            var all = outputs.Select(o => o.Score).ToArray();
            var p10 = Percentile(all, 10);
            var p90 = Percentile(all, 90);
            run.Report("sampling", step + 1, _options.MaxSteps, bestBatch,
                string.Create(CultureInfo.InvariantCulture, $"step {step + 1}: {outputs.Length} sampled runs average {all.Average():0.###}"), all.Average());

            // Buckets: each example's runs, best first; the examples whose runs differ most come first.
            var buckets = Enumerable.Range(0, size).Select(e =>
            {
                var bucket = Enumerable.Range(0, samples).Select(m => outputs[m * size + e]).OrderByDescending(s => s.Score).ToList();
                var max = bucket[0].Score;
                var avg = bucket.Average(s => s.Score);
                return (Bucket: bucket, Gap: max - bucket[^1].Score, Max: max, AvgGap: max - avg);
            }).OrderByDescending(b => b.Gap).ThenByDescending(b => b.Max).ThenByDescending(b => b.AvgGap).ToList();

            var candidates = new List<(ProgramState State, string Label)>();
            foreach (var (bucket, gap, max, _) in buckets)
            {
                var source = SoftmaxSample(pool, TopPlusBaseline(pool, samples), _options.TemperatureForCandidates, random);
                var state = DropDemos(pool[source].State, random, out var dropped);
                var strategy = strategies[random.Next(strategies.Length)];
                var label = string.Create(CultureInfo.InvariantCulture,
                    $"step {step + 1}, example {bucket[0].Example} (gap {gap:0.###}): {strategy} to program {source}{(dropped > 0 ? $", {dropped} demo(s) dropped" : "")}");
                var (changed, detail) = strategy == "append a demo"
                    ? AppendDemo(state, bucket[0], p10, names)
                    : await AppendRuleAsync(run, state, batch[bucket[0].Example], bucket, p10, p90, ruleSettings, step, candidates.Count, cancellationToken).ConfigureAwait(false);
                // As in DSPy, a strategy that declines (scores outside the deciles) still leaves a candidate: the source
                // program with its dropped demos. Only a failure (the rule model's) drops it.
                if (changed is null)
                {
                    trials.Add(new OptimizerTrial(label, null, false, detail) { Phase = "strategy", BestSoFar = bestBatch });
                    continue;
                }
                candidates.Add((changed, $"{label}: {detail}"));
                if (candidates.Count >= samples + 1) break;
            }

            // Score the new candidates on the mini-batch; all join the pool, the best is this step's winner.
            var scores = new List<double[]>();
            foreach (var (state, _) in candidates)
            {
                var runs = await run.RunManyAsync(run.Student.WithState(state), batch, _metric, bootstrapping: false, null, _options.Concurrency, cancellationToken)
                    .ConfigureAwait(false);
                scores.Add(runs.Select(r => r.Score?.Score ?? 0).ToArray());
            }
            if (candidates.Count > 0)
            {
                var averages = scores.Select(s => s.Average()).ToList();
                var winner = averages.IndexOf(averages.Max());
                winners.Add((candidates[winner].State, $"step {step + 1} winner ({candidates[winner].Label})"));
                bestBatch = Math.Max(bestBatch ?? double.MinValue, averages[winner]);
                for (var c = 0; c < candidates.Count; c++)
                {
                    pool.Add(new PoolEntry(candidates[c].State, scores[c]));
                    trials.Add(new OptimizerTrial($"program {pool.Count - 1}: {candidates[c].Label}", averages[c], c == winner,
                        c == winner ? "best of the step on the mini-batch" : null) { Phase = "minibatch", BestSoFar = bestBatch });
                }
            }
            else run.Note($"Step {step + 1} made no candidate: every strategy was skipped or failed.");
            run.Report("evolving", step + 1, _options.MaxSteps, bestBatch,
                $"step {step + 1}: {candidates.Count} candidate(s) scored on the mini-batch", bestBatch);
        }

        // Validation: the step winners, spread evenly (the uncompiled program first), scored on the whole trainset.
        var m1 = winners.Count - 1;
        var n = samples + 1;
        var chosen = Enumerable.Range(0, n).Select(i => m1 < 1 ? 0 : (int)Math.Round(i * (double)m1 / (n - 1), MidpointRounding.ToEven)).Distinct().ToList();
        var finals = new List<(int Winner, double Score)>();
        double? baseline = null;
        foreach (var w in chosen)
        {
            var result = await run.EvaluateAsync(run.Student.WithState(winners[w].State), trainset, _metric, _options.Concurrency, cancellationToken).ConfigureAwait(false);
            if (w == 0)
            {
                CandidateEvaluator<TIn, TOut>.EnsureScorable(result, Name, "trainset");
                baseline = result.Score;
            }
            finals.Add((w, result.Score));
            var bestSoFar = finals.Max(f => f.Score);
            trials.Add(new OptimizerTrial(winners[w].Label, result.Score, false, "trainset evaluation") { Phase = "trainset", BestSoFar = bestSoFar });
            run.Report("validating", finals.Count, chosen.Count, bestSoFar, $"{winners[w].Label}: {result.Score:P1} on the trainset", result.Score);
        }
        var best = finals.Aggregate((a, b) => b.Score > a.Score ? b : a);
        var index = trials.FindLastIndex(t => t.Phase == "trainset" && t.Label == winners[best.Winner].Label);
        trials[index] = trials[index] with { Accepted = true, Detail = "chosen: best on the trainset" };
        var final = winners[best.Winner].State;
        return (run.Student.WithState(final), new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials, Score = best.Score, BaselineScore = baseline,
            Chosen = string.Create(CultureInfo.InvariantCulture,
                $"{winners[best.Winner].Label}, trainset score {best.Score:P1} ({chosen.Count} of {winners.Count} step winners validated; pool of {pool.Count})"),
        });
    }

    private static Sample ToSample<TOut>(int example, int program, ScoredRun<TOut> run) =>
        new(example, program, run.Trace, run.Output, run.Score?.Score ?? 0, run.Score?.Feedback, run.Error);

    /// <summary>The <paramref name="k"/> best-averaging programs, with the uncompiled one in the last place if it is not among them.</summary>
    private static List<int> TopPlusBaseline(List<PoolEntry> pool, int k)
    {
        var top = Enumerable.Range(0, pool.Count).OrderByDescending(i => pool[i].Average).Take(k).ToList();
        if (!top.Contains(0) && top.Count > 0) top[^1] = 0;
        return top.Distinct().ToList();
    }

    private static int SoftmaxSample(List<PoolEntry> pool, List<int> programs, double temperature, Random random)
    {
        var weights = programs.Select(i => Math.Exp(pool[i].Average / temperature)).ToArray();
        var total = weights.Sum();
        if (!(total > 0) || double.IsInfinity(total)) return programs[random.Next(programs.Count)];
        var u = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0) return programs[i];
        }
        return programs[^1];
    }

    /// <summary>Drops the same demo positions from every predictor: a Poisson number of them (mean demos / max demos),
    /// at least one when a predictor holds <see cref="SIMBAOptions.MaxDemos"/> or more.</summary>
    private ProgramState DropDemos(ProgramState state, Random random, out int dropped)
    {
        var most = state.Predictors.Values.Select(p => p.Demos.Count).DefaultIfEmpty(0).Max();
        var cap = _options.MaxDemos > 0 ? _options.MaxDemos : 3;
        dropped = Math.Min(Math.Max(Poisson(most / (double)cap, random), most >= cap ? 1 : 0), most);
        if (dropped == 0) return state;
        var positions = Enumerable.Range(0, dropped).Select(_ => random.Next(most)).ToHashSet();
        dropped = positions.Count;
        foreach (var (name, predictor) in state.Predictors)
            if (predictor.Demos.Count > 0)
                state = state.With(name, predictor.WithDemos(predictor.Demos.Where((_, i) => !positions.Contains(i))));
        return state;
    }

    /// <summary>Knuth's Poisson sampler (the means here are small).</summary>
    private static int Poisson(double mean, Random random)
    {
        if (mean <= 0) return 0;
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        return k;
    }

    /// <summary>NumPy's default (linear) percentile.</summary>
    internal static double Percentile(IReadOnlyList<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }
}
