namespace Dspy.Fluent;

/// <summary>
/// A well-formed LM spec could not be turned into a client: no API key, a model file that does not load, a missing
/// native backend, or no connector registered for the scheme. The message names the spec, the reason and the fix,
/// and never contains a key.
/// </summary>
public sealed class LMConnectionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="spec">The spec being connected.</param>
    /// <param name="reason">What went wrong and what to do; must hold no secret.</param>
    /// <param name="innerException">The provider's own exception, or null.</param>
    public LMConnectionException(LMSpec spec, string reason, Exception? innerException = null)
        : base($"Cannot connect to the LM '{spec}': {reason}", innerException)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
    }

    /// <summary>The spec being connected.</summary>
    public LMSpec Spec { get; }
}
