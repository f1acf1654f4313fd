namespace Dspy.Fluent;

/// <summary>
/// A program registered with <c>AddDspyProgram</c> could not be built, or its saved state is missing, unreadable or does
/// not fit it. Thrown at host start-up (so the application does not start with a program it cannot run) and by the
/// program's handle outside a host.
/// </summary>
/// <remarks>
/// When the state does not fit, <see cref="Exception.InnerException"/> is the <see cref="ProgramStateFormatException"/>
/// whose message the message repeats: one line per predictor-level problem, e.g.
/// <c>predictor 'generate_answer' was compiled for 'context, question -> answer' but the program's is 'question -> answer'</c>.
/// </remarks>
/// <example>
/// <code>
/// try { await host.StartAsync(ct); }
/// catch (DspyProgramLoadException e) { Console.Error.WriteLine(e.Message); return 1; }
/// </code>
/// </example>
public sealed class DspyProgramLoadException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="programName">The program's registered name.</param>
    /// <param name="statePath">The saved state's full path, or null.</param>
    /// <param name="message">What went wrong, naming the program; must hold no secret.</param>
    /// <param name="innerException">The underlying error, or null.</param>
    public DspyProgramLoadException(string programName, string? statePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(programName);
        ProgramName = programName;
        StatePath = statePath;
    }

    /// <summary>The program's registered name.</summary>
    public string ProgramName { get; }

    /// <summary>The saved state's full path, or null when the program has none.</summary>
    public string? StatePath { get; }

    /// <summary>The predictor the first problem concerns, when the state did not fit the program; null otherwise.</summary>
    public string? Predictor => (InnerException as ProgramStateFormatException)?.Predictor;
}
