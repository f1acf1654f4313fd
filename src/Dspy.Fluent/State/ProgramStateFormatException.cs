namespace Dspy.Fluent;

/// <summary>A saved program state could not be read or does not fit the program; the message says where and what to do.</summary>
public sealed class ProgramStateFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong, where, and what to do.</param>
    /// <param name="source">The file (or "JSON text") that was read.</param>
    /// <param name="predictor">The predictor concerned, or null.</param>
    /// <param name="inner">The underlying error, or null.</param>
    public ProgramStateFormatException(string message, string source, string? predictor = null, Exception? inner = null)
        : base(message, inner)
    {
        SourceName = source;
        Predictor = predictor;
    }

    /// <summary>The file (or "JSON text") that was read.</summary>
    public string SourceName { get; }

    /// <summary>The predictor concerned, or null.</summary>
    public string? Predictor { get; }
}
