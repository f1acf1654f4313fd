namespace Dspy.Fluent;

/// <summary>An LM spec string could not be read; the message says what is wrong and lists every accepted form with an example.</summary>
public sealed class LMSpecFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="spec">The spec that was being read (with any URL credentials already hidden).</param>
    /// <param name="message">The full message.</param>
    public LMSpecFormatException(string spec, string message) : base(message) => Spec = spec;

    /// <summary>The spec that was being read, with any URL credentials replaced by <c>***</c>.</summary>
    public string Spec { get; }
}
