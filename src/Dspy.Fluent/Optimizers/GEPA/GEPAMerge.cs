namespace Dspy.Fluent;

/// <summary>
/// GEPA's merge step: two candidates of the Pareto front that evolved different predictors from a common ancestor are
/// combined into one that takes each predictor's instruction from whichever of them changed it.
/// </summary>
internal static class GEPAMerge
{
    /// <summary>A merge to try: the parents, their ancestor, and the merged instruction per predictor.</summary>
    public sealed record Proposal(int First, int Second, int Ancestor, string[] Instructions);

    /// <summary>
    /// Up to 10 attempts, as GEPA makes them: sample two distinct front candidates, find their common ancestors that
    /// score no higher than either and from which one changed a predictor the other kept, sample one weighted by its
    /// score, and combine; a triple or a merged result already tried is skipped.
    /// </summary>
    /// <param name="instructions">Each candidate's instruction per predictor.</param>
    /// <param name="aggregates">Each candidate's valset aggregate.</param>
    /// <param name="parents">Each candidate's parents (none for the uncompiled program, two for a merge).</param>
    /// <param name="front">The non-dominated candidates of the Pareto front.</param>
    /// <param name="tried">Triples and results already tried; updated with the one returned.</param>
    /// <param name="random">The merge step's seeded generator.</param>
    public static Proposal? Propose(IReadOnlyList<string[]> instructions, IReadOnlyList<double> aggregates, IReadOnlyList<int[]> parents,
        IReadOnlyList<int> front, HashSet<string> tried, Random random)
    {
        if (front.Count < 2) return null;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var pair = SeededSampling.Sample(front, 2, random);
            var (i, j) = pair[0] < pair[1] ? (pair[0], pair[1]) : (pair[1], pair[0]);
            var common = Ancestors(i, parents);
            common.IntersectWith(Ancestors(j, parents));
            var ancestors = common.Order()
                .Where(a => !tried.Contains($"{i},{j},{a}") && aggregates[a] <= aggregates[i] && aggregates[a] <= aggregates[j]
                            && Desirable(instructions[a], instructions[i], instructions[j]))
                .ToList();
            if (ancestors.Count == 0) continue;
            var ancestor = Weighted(ancestors, ancestors.Select(a => aggregates[a]).ToArray(), random);
            var merged = new string[instructions[ancestor].Length];
            for (var p = 0; p < merged.Length; p++)
            {
                var (a, x, y) = (instructions[ancestor][p], instructions[i][p], instructions[j][p]);
                if ((a == x || a == y) && x != y) merged[p] = a == x ? y : x;
                else if (a != x && a != y)
                    merged[p] = aggregates[i] > aggregates[j] ? x : aggregates[j] > aggregates[i] ? y : (random.Next(2) == 0 ? x : y);
                else merged[p] = x;
            }
            var result = $"{i},{j},result:{string.Join("\u0001", merged)}";
            if (tried.Contains(result)) continue;
            tried.Add($"{i},{j},{ancestor}");
            tried.Add(result);
            return new Proposal(i, j, ancestor, merged);
        }
        return null;
    }

    /// <summary>Whether some predictor was changed by exactly one of the two descendants (so merging gains something).</summary>
    public static bool Desirable(string[] ancestor, string[] first, string[] second) =>
        Enumerable.Range(0, ancestor.Length).Any(p => (ancestor[p] == first[p] || ancestor[p] == second[p]) && first[p] != second[p]);

    /// <summary>
    /// GEPA's evaluation subsample for a merge: up to a third each of the valset examples where the first parent wins
    /// and where the second wins, then ties, then any other, then (when there are too few examples) repeats.
    /// </summary>
    public static List<int> Subsample(IReadOnlyList<double> first, IReadOnlyList<double> second, int size, Random random)
    {
        var all = Enumerable.Range(0, first.Count).ToList();
        var wins1 = all.Where(e => first[e] > second[e]).ToList();
        var wins2 = all.Where(e => second[e] > first[e]).ToList();
        var ties = all.Where(e => first[e] == second[e]).ToList();
        var each = (size + 2) / 3;
        var selected = new List<int>();
        selected.AddRange(SeededSampling.Sample(wins1, Math.Min(wins1.Count, each), random));
        selected.AddRange(SeededSampling.Sample(wins2, Math.Min(wins2.Count, each), random));
        selected.AddRange(SeededSampling.Sample(ties, Math.Min(ties.Count, Math.Max(0, size - selected.Count)), random));
        var remaining = size - selected.Count;
        if (remaining > 0)
        {
            var unused = all.Except(selected).ToList();
            if (unused.Count >= remaining) selected.AddRange(SeededSampling.Sample(unused, remaining, random));
            else for (var k = 0; k < remaining; k++) selected.Add(all[random.Next(all.Count)]);
        }
        return selected.Take(size).ToList();
    }

    private static HashSet<int> Ancestors(int candidate, IReadOnlyList<int[]> parents)
    {
        var found = new HashSet<int>();
        var stack = new Stack<int>(parents[candidate]);
        while (stack.Count > 0)
            if (stack.Pop() is var c && found.Add(c))
                foreach (var p in parents[c]) stack.Push(p);
        return found;
    }

    private static int Weighted(List<int> items, double[] weights, Random random)
    {
        var total = weights.Sum();
        if (!(total > 0)) return items[random.Next(items.Count)];
        var u = random.NextDouble() * total;
        for (var k = 0; k < items.Count; k++)
        {
            u -= weights[k];
            if (u < 0) return items[k];
        }
        return items[^1];
    }
}
