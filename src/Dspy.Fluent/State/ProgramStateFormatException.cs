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
        : this(message, source, predictor, [], inner) { }

    /// <summary>Creates the exception for a file with values of the wrong JSON type or out of range.</summary>
    /// <param name="message">What was wrong, where, and what to do; it should list every problem.</param>
    /// <param name="source">The file (or "JSON text") that was read.</param>
    /// <param name="predictor">The predictor concerned, or null.</param>
    /// <param name="problems">Every wrongly typed or out-of-range value found in the file.</param>
    /// <param name="inner">The underlying error, or null.</param>
    public ProgramStateFormatException(string message, string source, string? predictor, IReadOnlyList<ProgramStateProblem> problems, Exception? inner = null)
        : base(message, inner)
    {
        ArgumentNullException.ThrowIfNull(problems);
        SourceName = source;
        Predictor = predictor;
        Problems = problems;
    }

    /// <summary>The file (or "JSON text") that was read.</summary>
    public string SourceName { get; }

    /// <summary>The predictor concerned, or null.</summary>
    public string? Predictor { get; }

    /// <summary>Every value of the file with the wrong JSON type or out of range (path, predictor, expected, found); empty
    /// when the problem is of another kind (invalid JSON, a file that does not fit the program).</summary>
    public IReadOnlyList<ProgramStateProblem> Problems { get; }
}
