namespace Dspy.Fluent;

/// <summary>Settings of <see cref="BootstrapFinetune"/>, with DSPy's defaults.</summary>
public sealed record BootstrapFinetuneOptions
{
    /// <summary>One fine-tuning job per base model with every predictor's data (true, the default), or one job per predictor.</summary>
    public bool Multitask { get; init; } = true;

    /// <summary>Leave demos out of the training prompts and clear them from the compiled predictors (default false).</summary>
    public bool ExcludeDemos { get; init; }

    /// <summary>The metric score a teacher run must reach to become training data; null means above zero.</summary>
    public double? MetricThreshold { get; init; }

    /// <summary>Teacher runs in flight at once (default 8).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Seed of the training data's order (DSPy shuffles with seed 0) and of the fine-tuning job.</summary>
    public int Seed { get; init; }

    /// <summary>A suffix for the fine-tuned model names, or null.</summary>
    public string? Suffix { get; init; }

    /// <summary>A folder to save each job's JSONL in (<c>{predictor or model}.jsonl</c>), or null to keep it in memory only.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>LM settings for the teacher's runs; ambient when null.</summary>
    public LMSettings? Settings { get; init; }

    /// <summary>Where progress goes, or null.</summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }

}
