namespace Dspy.Fluent;

/// <summary>
/// The provider answered a request with an error (an HTTP status) or could not be reached. Connectors translate their
/// SDK's own exception into this one, keeping it as <see cref="Exception.InnerException"/>, so retries, rate limiting
/// and error messages work the same for every provider without the core knowing any SDK.
/// </summary>
/// <example>
/// <code>
/// catch (ProviderSdkException e)
/// {
///     throw new LMProviderException(e.ErrorMessage, e.Status, retryAfter: e.RetryAfter, innerException: e);
/// }
/// </code>
/// </example>
public class LMProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The provider's own error text when it sent one, else what happened (it reaches logs after redaction).</param>
    /// <param name="statusCode">The HTTP status; null when no response arrived (a network failure).</param>
    /// <param name="retryAfter">How long the provider asked to wait, or null.</param>
    /// <param name="innerException">The SDK's exception.</param>
    public LMProviderException(string message, int? statusCode, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        if (retryAfter is { } wait) ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>How long the provider asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
