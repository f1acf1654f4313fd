namespace Dspy.Fluent;

/// <summary>A fine-tuning job ended without a model (failed, cancelled or timed out); the message carries the provider's reason.</summary>
public sealed class FineTuneJobFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The provider's job id.</param>
    /// <param name="status">The final status, e.g. <c>failed</c>.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="inner">The underlying error, or null.</param>
    public FineTuneJobFailedException(string jobId, string status, string message, Exception? inner = null) : base(message, inner)
    {
        JobId = jobId;
        Status = status;
    }

    /// <summary>The provider's job id.</summary>
    public string JobId { get; }

    /// <summary>The final status.</summary>
    public string Status { get; }
}
