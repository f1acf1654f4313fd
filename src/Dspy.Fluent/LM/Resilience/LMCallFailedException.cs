using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// An LM call that failed for good: a permanent provider error (bad key, unknown model, rejected request), or a transient
/// one that persisted through every retry. The message names the provider status, the attempts and the total wait, quotes
/// the provider's own message with secrets masked, and says what to do.
/// </summary>
/// <remarks>
/// <see cref="Exception.InnerException"/> is the original error, or a <see cref="RedactedException"/> standing in for it
/// when its text held a secret.
/// </remarks>
public sealed class LMCallFailedException : Exception
{
    internal LMCallFailedException(LMFailure failure, int attempts, TimeSpan totalWait, IReadOnlyList<LMRetry> retries, string why,
        string? predictor, string? model, Exception? inner)
        : base(Compose(failure, attempts, totalWait, retries, why, predictor, model), inner)
    {
        StatusCode = failure.StatusCode;
        Reason = failure.Reason;
        ProviderMessage = failure.Detail;
        Attempts = attempts;
        TotalWait = totalWait;
        Retries = retries;
        Advice = failure.Advice;
        Predictor = predictor;
        Model = model;
    }

    /// <summary>The provider's HTTP status on the last attempt, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The last failure in a few words (<c>HTTP 429</c>, <c>timeout</c>, <c>network error</c>).</summary>
    public string Reason { get; }

    /// <summary>The provider's message from the last attempt, secrets masked.</summary>
    public string ProviderMessage { get; }

    /// <summary>Attempts made, the first included.</summary>
    public int Attempts { get; }

    /// <summary>Time spent waiting between attempts.</summary>
    public TimeSpan TotalWait { get; }

    /// <summary>Each retried attempt and its wait.</summary>
    public IReadOnlyList<LMRetry> Retries { get; }

    /// <summary>What to do about it.</summary>
    public string Advice { get; }

    /// <summary>The predictor whose call failed, when known.</summary>
    public string? Predictor { get; }

    /// <summary>The model requested, when known.</summary>
    public string? Model { get; }

    private static string Compose(LMFailure failure, int attempts, TimeSpan totalWait, IReadOnlyList<LMRetry> retries, string why,
        string? predictor, string? model)
    {
        var sb = new StringBuilder("LM call");
        if (model is not null) sb.Append(" to model '").Append(model).Append('\'');
        if (predictor is not null) sb.Append(" from predictor '").Append(predictor).Append('\'');
        sb.Append(" failed: ").Append(failure.Reason);
        sb.Append(attempts == 1 ? " on the first attempt" : $" after {attempts} attempts");
        if (totalWait > TimeSpan.Zero) sb.Append(" and ").Append(LMDurations.Format(totalWait)).Append(" of waiting");
        sb.Append(" (").Append(why).Append(").");
        if (retries.Count > 0) sb.Append(" Retries: ").AppendJoin("; ", retries).Append('.');
        if (failure.Detail.Length > 0) sb.Append(" Provider said: ").Append(failure.Detail.TrimEnd('.')).Append('.');
        return sb.Append(" What to do: ").Append(failure.Advice).ToString();
    }
}
