namespace Dspy.Fluent;

/// <summary>Settings of <see cref="MIPROv2"/>, with DSPy's defaults.</summary>
/// <remarks>Either <see cref="Auto"/> is set (the default, light) and <see cref="NumCandidates"/> and <see cref="NumTrials"/>
/// are not, or <see cref="Auto"/> is null and both are given. Zero-shot mode (instructions only) is
/// <see cref="MaxBootstrappedDemos"/> = 0 and <see cref="MaxLabeledDemos"/> = 0.</remarks>
public sealed record MIPROv2Options
{
    /// <summary>A preset for the candidate counts, valset cap and trial count; null to give them yourself.</summary>
    public MIPROv2Preset? Auto { get; init; } = MIPROv2Preset.Light;

    /// <summary>Instruction and demo-set candidates per predictor when <see cref="Auto"/> is null.</summary>
    public int? NumCandidates { get; init; }

    /// <summary>Search trials when <see cref="Auto"/> is null (at least 1).</summary>
    public int? NumTrials { get; init; }

    /// <summary>Bootstrapped demos per demo set (default 4); 0 together with <see cref="MaxLabeledDemos"/> = 0 is zero-shot mode.</summary>
    public int MaxBootstrappedDemos { get; init; } = 4;

    /// <summary>Labeled demos per demo set (default 4).</summary>
    public int MaxLabeledDemos { get; init; } = 4;

    /// <summary>Score trials on minibatches when the valset is large (with a preset: more than 50 examples); default true.</summary>
    public bool Minibatch { get; init; } = true;

    /// <summary>Examples per minibatch trial (default 35).</summary>
    public int MinibatchSize { get; init; } = 35;

    /// <summary>Minibatch trials between full evaluations of the best-averaging configuration (default 5).</summary>
    public int MinibatchFullEvalSteps { get; init; } = 5;

    /// <summary>Tell the proposer what the program does and what each predictor's role is (default true).</summary>
    public bool ProgramAwareProposer { get; init; } = true;

    /// <summary>Tell the proposer a summary of the training data (default true).</summary>
    public bool DataAwareProposer { get; init; } = true;

    /// <summary>Give the proposer a random prompting tip per proposal (default true).</summary>
    public bool TipAwareProposer { get; init; } = true;

    /// <summary>Show the proposer bootstrapped demos of the predictor (default true).</summary>
    public bool FewshotAwareProposer { get; init; } = true;

    /// <summary>Training examples the data summariser reads per call (default 10).</summary>
    public int ViewDataBatchSize { get; init; } = 10;

    /// <summary>Sampling temperature of the proposer (default 1.0).</summary>
    public float InitTemperature { get; init; } = 1.0f;

    /// <summary>The metric score a bootstrapped trace must reach; null means above zero.</summary>
    public double? MetricThreshold { get; init; }

    /// <summary>Seed of everything random: valset sampling, demo sets, tips, proposals' rollout ids, minibatches, TPE (default 9, as DSPy).</summary>
    public int Seed { get; init; } = 9;

    /// <summary>LM calls in flight while bootstrapping and evaluating (default 16).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>LM settings for the program's runs; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>LM settings of the proposer and summarisers (DSPy's <c>prompt_model</c>); the program's when null.</summary>
    public LMSettings? PromptModel { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }

}
