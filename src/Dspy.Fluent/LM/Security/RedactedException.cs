namespace Dspy.Fluent;

/// <summary>
/// Stands in for an exception whose text held a secret: same type name and stack in <see cref="ToString"/>, with the
/// secret masked. Made by <see cref="SecretRedactor.RedactException"/>; the original is deliberately not kept, since
/// anything that logs <see cref="Exception.InnerException"/> would print it.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;

    internal RedactedException(Exception original, string message, string redactedToString)
        : base(message)
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _text = redactedToString;
        HResult = original.HResult;
    }

    /// <summary>The full name of the exception type this stands in for.</summary>
    public string OriginalType { get; }

    /// <summary>The original exception's <see cref="Exception.ToString"/>, redacted.</summary>
    public override string ToString() => _text;
}
