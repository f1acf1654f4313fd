namespace Dspy.Fluent;

/// <summary>
/// A failure worth retrying (rate limited, overloaded, timed out), thrown by any <see cref="Microsoft.Extensions.AI.IChatClient"/>
/// that wants <see cref="RetryingChatClient"/> to retry it without knowing the client's own exception types.
/// </summary>
/// <example>
/// <code>
/// throw new LMTransientException("Server overloaded", statusCode: 503, retryAfter: TimeSpan.FromSeconds(2));
/// </code>
/// </example>
public class LMTransientException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened (it may reach logs, so never put a secret in it).</param>
    public LMTransientException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The underlying error.</param>
    public LMTransientException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="statusCode">The HTTP status the provider answered with, or null.</param>
    /// <param name="retryAfter">How long the provider asked to wait, or null to use backoff.</param>
    /// <param name="innerException">The underlying error, or null.</param>
    public LMTransientException(string message, int? statusCode, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        if (retryAfter is { } wait) ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>How long the provider asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
