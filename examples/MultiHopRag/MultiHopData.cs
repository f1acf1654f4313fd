namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>The examples and corpus the job runs on, and where they came from.</summary>
/// <param name="Source">A description for headers and reports, e.g. <c>synthetic world (seed 1)</c>.</param>
/// <param name="Train">Training examples (the <c>question</c> marked as input).</param>
/// <param name="Dev">Dev examples.</param>
/// <param name="Corpus">Passages as <c>title | text</c>.</param>
public sealed record MultiHopData(string Source, IReadOnlyList<Example> Train, IReadOnlyList<Example> Dev, IReadOnlyList<string> Corpus)
{
    /// <summary>A seeded synthetic world (train + dev questions), or a HotPotQA distractor-format file split with the seed.</summary>
    /// <param name="options">The command line.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <exception cref="ArgumentException">The file holds fewer questions than train + dev.</exception>
    public static async Task<MultiHopData> LoadAsync(MultiHopOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Data is null)
        {
            var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = options.Seed, Questions = options.Train + options.Dev });
            var examples = world.ToExamples();
            return new MultiHopData($"synthetic world (seed {options.Seed})", examples.Take(options.Train).ToList(),
                examples.Skip(options.Train).Take(options.Dev).ToList(), world.Corpus);
        }
        if (!File.Exists(options.Data)) throw new FileNotFoundException($"The data file {Path.GetFullPath(options.Data)} does not exist.", options.Data);
        var data = await HotPotQA.LoadAsync(options.Data, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (data.Examples.Count < options.Train + options.Dev)
            throw new ArgumentException($"{options.Data} holds {data.Examples.Count} usable questions but --train {options.Train} --dev {options.Dev} needs {options.Train + options.Dev}. Lower them.");
        var split = Dataset.Split(data.Examples, new DatasetSplitOptions { Seed = options.Seed, TrainSize = options.Train, DevSize = options.Dev });
        return new MultiHopData($"{Path.GetFileName(options.Data)} (HotPotQA format, seed {options.Seed})", split.Train, split.Dev, data.Corpus);
    }
}
