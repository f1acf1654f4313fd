namespace Dspy.Fluent;

/// <summary>Fine-tunes a model on chat-format training data and returns the new model's id.</summary>
/// <remarks>Implementations: <c>OpenAIFineTuner</c> (any OpenAI-compatible fine-tuning API over HTTP) and
/// <c>SimulatedFineTuner</c> (offline, for the <c>SimulatedLM</c>; its models are simulated, not trained).</remarks>
public interface IFineTuner
{
    /// <summary>A short name for reports, e.g. <c>openai-compatible</c> or <c>simulated</c>.</summary>
    string Name { get; }

    /// <summary>Uploads the data, starts a job, waits for it and returns the fine-tuned model.</summary>
    /// <param name="request">Base model, training data and job settings.</param>
    /// <param name="cancellationToken">Stops waiting (a remote job keeps running).</param>
    /// <returns>The new model.</returns>
    /// <exception cref="FineTuneJobFailedException">The job failed or was cancelled; the message carries the provider's reason.</exception>
    Task<FineTunedModel> FineTuneAsync(FineTuneRequest request, CancellationToken cancellationToken = default);
}
