namespace Dspy.Fluent;

/// <summary>
/// A Tree-structured Parzen Estimator over categorical dimensions, maximizing. After a few random start-up trials it
/// splits the observations at the γ quantile into good and bad, builds per-dimension categorical densities l(x) (good)
/// and g(x) (bad) with a prior weight spread evenly over the categories, draws candidates from l and suggests the one
/// with the highest expected-improvement ratio l(x)/g(x). Seeded: the same observations and seed give the same suggestions.
/// </summary>
/// <remarks>Follows Bergstra et al. (2011) and Optuna's univariate TPE for categorical parameters, without Optuna's
/// age weighting of observations. Categories never observed keep the prior mass in both densities, so their ratio is
/// (bad count + prior) / (good count + prior) &gt; 1: unexplored categories stay attractive.</remarks>
internal sealed class TpeSampler
{
    private readonly int[] _cardinalities;
    private readonly TpeOptions _options;
    private readonly Random _random;
    private readonly List<TpeObservation> _observations = [];

    public TpeSampler(IReadOnlyList<int> cardinalities, TpeOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        ArgumentNullException.ThrowIfNull(options);
        if (cardinalities.Count == 0) throw new ArgumentException("TPE needs at least one dimension.", nameof(cardinalities));
        if (cardinalities.Any(c => c < 1)) throw new ArgumentException("Every dimension needs at least one category.", nameof(cardinalities));
        if (!(options.Gamma is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.Gamma, "Gamma is a quantile in (0, 1).");
        if (!(options.PriorWeight > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.PriorWeight, "The prior weight must be above 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Candidates, 1, nameof(options));
        _cardinalities = cardinalities.ToArray();
        _options = options;
        _random = new Random(seed);
    }

    public IReadOnlyList<TpeObservation> Observations => _observations;

    /// <summary>Records that <paramref name="point"/> scored <paramref name="value"/> (higher is better).</summary>
    public void Observe(IReadOnlyList<int> point, double value)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Count != _cardinalities.Length) throw new ArgumentException($"A point has {_cardinalities.Length} dimensions, not {point.Count}.", nameof(point));
        for (var d = 0; d < point.Count; d++)
            if (point[d] < 0 || point[d] >= _cardinalities[d])
                throw new ArgumentOutOfRangeException(nameof(point), point[d], $"Dimension {d} has categories 0..{_cardinalities[d] - 1}.");
        _observations.Add(new TpeObservation(point.ToArray(), double.IsNaN(value) ? double.NegativeInfinity : value));
    }

    /// <summary>The next point to try: uniform while there are fewer observations than start-up trials, else the best
    /// l/g ratio among candidates drawn from l.</summary>
    public int[] Suggest()
    {
        if (_observations.Count < Math.Max(2, _options.StartupTrials))
            return _cardinalities.Select(k => _random.Next(k)).ToArray();

        // Stable order: equal values keep the order they were observed in, so the split is deterministic.
        var ranked = _observations.Select((o, i) => (o, i)).OrderByDescending(p => p.o.Value).ThenBy(p => p.i).Select(p => p.o).ToList();
        var good = Math.Clamp((int)Math.Ceiling(_options.Gamma * ranked.Count), 1, ranked.Count - 1);
        var l = Densities(ranked.Take(good).ToList());
        var g = Densities(ranked.Skip(good).ToList());

        // Draw from l, keep the best l/g ratio; with AvoidRepeats, points already observed are skipped (more batches are
        // drawn if a whole batch was seen before), so the search cannot settle on re-evaluating one point forever.
        int[]? best = null;
        var bestScore = double.NegativeInfinity;
        for (var batch = 0; batch < (_options.AvoidRepeats ? 8 : 1) && best is null; batch++)
        {
            for (var c = 0; c < _options.Candidates; c++)
            {
                var candidate = new int[_cardinalities.Length];
                var score = 0.0;
                for (var d = 0; d < candidate.Length; d++)
                {
                    candidate[d] = Draw(l[d]);
                    score += Math.Log(l[d][candidate[d]]) - Math.Log(g[d][candidate[d]]);
                }
                if (score > bestScore && !(_options.AvoidRepeats && Seen(candidate))) (best, bestScore) = (candidate, score);
            }
        }
        return best ?? Unseen() ?? ranked[0].Point.ToArray();
    }

    private bool Seen(int[] point)
    {
        foreach (var o in _observations)
            if (o.Point.AsSpan().SequenceEqual(point)) return true;
        return false;
    }

    /// <summary>A uniformly drawn point not observed yet, or null when none turns up (the space is nearly exhausted).</summary>
    private int[]? Unseen()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var point = _cardinalities.Select(k => _random.Next(k)).ToArray();
            if (!Seen(point)) return point;
        }
        return null;
    }

    /// <summary>Per dimension, the smoothed share of each category among <paramref name="group"/>.</summary>
    private double[][] Densities(List<TpeObservation> group)
    {
        var result = new double[_cardinalities.Length][];
        for (var d = 0; d < _cardinalities.Length; d++)
        {
            var k = _cardinalities[d];
            var density = new double[k];
            foreach (var o in group) density[o.Point[d]] += 1;
            var total = group.Count + _options.PriorWeight;
            for (var c = 0; c < k; c++) density[c] = (density[c] + _options.PriorWeight / k) / total;
            result[d] = density;
        }
        return result;
    }

    private int Draw(double[] density)
    {
        var u = _random.NextDouble();
        for (var c = 0; c < density.Length; c++)
        {
            u -= density[c];
            if (u < 0) return c;
        }
        return density.Length - 1;
    }
}

/// <summary>One observed trial of a <see cref="TpeSampler"/>.</summary>
internal sealed record TpeObservation(int[] Point, double Value);

/// <summary>Settings of a <see cref="TpeSampler"/>.</summary>
internal sealed record TpeOptions
{
    /// <summary>The share of observations counted as good (the γ quantile).</summary>
    public double Gamma { get; init; } = 0.25;

    /// <summary>Pseudo-observations spread evenly over each dimension's categories, in both densities.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Candidates drawn from l(x) per suggestion; the best l/g ratio wins.</summary>
    public int Candidates { get; init; } = 24;

    /// <summary>Observations needed before TPE models anything; suggestions are uniform until then.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Never suggest a point already observed while unobserved ones remain (right when evaluations are
    /// deterministic; Optuna repeats points, which a noisy minibatch score can justify).</summary>
    public bool AvoidRepeats { get; init; } = true;
}
