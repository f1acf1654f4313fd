using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Gives each input the demos of its nearest training examples: inputs are embedded with an
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, the <c>k</c> closest training examples are found by cosine
/// similarity, and their bootstrapped traces (or the labeled examples, where bootstrapping failed) become the demos.
/// </summary>
/// <remarks>
/// Corresponds to <c>dspy.KNNFewShot</c>, with one deliberate difference: DSPy bootstraps the neighbours again on every
/// call; this bootstraps each training example once while compiling and reuses the traces, which gives the same demos
/// for far fewer LM calls. The compiled program embeds each input at run time (one embedding call, no LM call).
/// </remarks>
/// <example>
/// <code>
/// var knn = new KNNFewShot(Metrics.ExactMatch, embeddingGenerator, new KNNFewShotOptions { K = 3 });
/// var compiled = (await knn.CompileAsync(program, trainset)).Program;
/// </code>
/// </example>
public sealed class KNNFewShot : Optimizer
{
    private readonly IMetric _metric;
    private readonly KNNFewShotOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="metric">Decides which bootstrapped traces pass.</param>
    /// <param name="embeddings">Embeds inputs (DSPy's <c>vectorizer</c>): any M.E.AI embedding generator, e.g. an ONNX sentence model, or the lexical <c>HashingEmbeddingGenerator</c> of Dspy.Fluent.Simulation offline.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public KNNFewShot(IMetric metric, IEmbeddingGenerator<string, Embedding<float>> embeddings, KNNFewShotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(embeddings);
        _metric = metric;
        _embeddings = embeddings;
        _options = options ?? new KNNFewShotOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.K, 1, nameof(KNNFewShotOptions.K));
    }

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>
    public override string ToString() => $"{Name} (metric {_metric.Name}) {_options}";

    /// <inheritdoc />
    public override string Name => "KNNFewShot";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;

    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var predictors = run.Predictors;
        var embeddings = _embeddings;
        var texts = run.Trainset.Select(InputText.Of).ToList();
        var vectors = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var index = new CosineIndex(vectors.Select(v => v.Vector).ToList());

        // Each example bootstrapped once, by the student with every other example as a labeled demo.
        var teacher = run.Options.Teacher ?? run.Student.WithState(LabeledFewShot.Apply(run.Student.State, predictors, run.Trainset, 16, new Random(0)));
        var demos = new IReadOnlyDictionary<string, IReadOnlyList<Example>>[run.Trainset.Count];
        var trials = new OptimizerTrial[run.Trainset.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, run.Trainset.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var example = run.Trainset[i];
                var state = teacher.State;
                foreach (var (name, s) in state.Predictors) state = state.With(name, s with { Demos = s.Demos.Where(d => !LabeledFewShot.IsFrom(d, example)).ToArray() });
                var scored = await run.RunAsync(teacher.WithState(state), example, _metric, bootstrapping: true, null, ct).ConfigureAwait(false);
                var passed = scored.Passed(_options.MetricThreshold);
                demos[i] = passed
                    ? scored.Trace.Where(t => t.Signature is not null).GroupBy(t => t.Name)
                        .ToDictionary(g => g.Key, g => (IReadOnlyList<Example>)g.Select(t => t.ToDemo().With(PredictorState.AugmentedKey, true)).ToArray())
                    : predictors.ToDictionary(p => (string)p.Name, _ => (IReadOnlyList<Example>)[example], StringComparer.Ordinal);
                trials[i] = new OptimizerTrial($"example {i}", scored.Score?.Score, passed, passed ? "trace demos" : scored.Error ?? "labeled demo");
                run.Report("bootstrapping", Interlocked.Increment(ref done), run.Trainset.Count, null, $"example {i}");
            }).ConfigureAwait(false);

        var program = new NearestDemosProgram<TIn, TOut>(run.Student, embeddings, index, demos, _options.K, predictors.Select(p => (string)p.Name).ToArray());
        return (program, new OptimizerReport
        {
            Optimizer = Name, Trials = trials,
            Chosen = $"per input, the demos of its {_options.K} nearest of {run.Trainset.Count} training examples ({trials.Count(t => t.Accepted)} with bootstrapped traces)",
        });
    }
}
