namespace Dspy.Fluent;

/// <summary>A fine-tuning job's status as last seen.</summary>
/// <param name="JobId">The provider's job id.</param>
/// <param name="Status">The provider's status word, e.g. <c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>.</param>
/// <param name="Message">More detail (an error message), or null.</param>
public sealed record FineTuneStatus(string JobId, string Status, string? Message = null);
