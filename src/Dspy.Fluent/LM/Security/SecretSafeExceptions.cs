namespace Dspy.Fluent;

/// <summary>Replaces an exception whose text holds a secret by one that is safe to show, keeping what retries and callers read.</summary>
internal static class SecretSafeExceptions
{
    /// <summary>
    /// Null when <paramref name="error"/> holds no secret (rethrow it as is); else an <see cref="LMCallFailedException"/>
    /// with the failure read from it (status, reason) when it is an LM transport failure, or a <see cref="RedactedException"/>.
    /// </summary>
    /// <param name="error">What the client threw.</param>
    /// <param name="redactor">The client's redactor.</param>
    /// <param name="origin">Where the error was caught, for the message, e.g. <c>reported by the client below telemetry</c>.</param>
    public static Exception? StandIn(Exception error, SecretRedactor redactor, string origin)
    {
        var redacted = redactor.RedactException(error);
        if (ReferenceEquals(redacted, error)) return null;
        return LMFailure.From(error, CancellationToken.None, TimeProvider.System, redactor) is { } failure
            ? new LMCallFailedException(failure, 1, TimeSpan.Zero, [], origin, null, null, redacted)
            : redacted;
    }
}
