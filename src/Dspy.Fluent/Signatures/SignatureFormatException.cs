namespace Dspy.Fluent;

/// <summary>A signature string could not be read; the message names the column and how to fix it.</summary>
public sealed class SignatureFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="signature">The signature text that was being read.</param>
    /// <param name="column">The 1-based column where the problem starts.</param>
    /// <param name="message">The full message.</param>
    public SignatureFormatException(string signature, int column, string message) : base(message)
    {
        Signature = signature;
        Column = column;
    }

    /// <summary>The signature text that was being read.</summary>
    public string Signature { get; }

    /// <summary>The 1-based column where the problem starts.</summary>
    public int Column { get; }
}
