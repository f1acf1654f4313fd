namespace Dspy.Fluent;

/// <summary>
/// Every piece of code a <see cref="ProgramOfThought"/> tried failed. Carries the last code and its error, so nothing
/// the LM wrote is lost.
/// </summary>
public sealed class ProgramOfThoughtException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="attempts">How many pieces of code were tried.</param>
    /// <param name="code">The last code.</param>
    /// <param name="error">Its error.</param>
    public ProgramOfThoughtException(string name, int attempts, string code, string error)
        : base($"ProgramOfThought '{name}': all {attempts} code attempts failed (MaxIters {attempts}). The last error: {error}\nThe last code:\n{code}")
    {
        Attempts = attempts;
        Code = code;
        Error = error;
    }

    /// <summary>How many pieces of code were tried.</summary>
    public int Attempts { get; }

    /// <summary>The last code.</summary>
    public string Code { get; }

    /// <summary>The last error, as the LM was shown it.</summary>
    public string Error { get; }
}
