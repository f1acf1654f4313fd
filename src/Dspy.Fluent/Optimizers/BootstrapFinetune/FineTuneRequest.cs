namespace Dspy.Fluent;

/// <summary>What to fine-tune: a base model, training data and job settings.</summary>
public sealed record FineTuneRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="baseModel">The model to fine-tune, e.g. <c>gpt-4.1-mini</c>.</param>
    /// <param name="data">The training data.</param>
    public FineTuneRequest(string baseModel, FineTuneDataset data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseModel);
        ArgumentNullException.ThrowIfNull(data);
        BaseModel = baseModel;
        Data = data;
    }

    /// <summary>The model to fine-tune.</summary>
    public string BaseModel { get; }

    /// <summary>The training data, one chat per line.</summary>
    public FineTuneDataset Data { get; }

    /// <summary>A suffix the provider puts into the new model's name, or null.</summary>
    public string? Suffix { get; init; }

    /// <summary>A seed for the provider's training run, or null.</summary>
    public int? Seed { get; init; }

    /// <summary>Where job status changes go (queued, running, succeeded…), or null.</summary>
    public IProgress<FineTuneStatus>? Progress { get; init; }
}
