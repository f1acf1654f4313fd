using Spectre.Console;

namespace Dspy.Cli.Running;

/// <summary>Where progress goes: live Spectre bars when stderr is a terminal, plain <see cref="ProgressLines{T}"/> when it is redirected (CI, a log file, tests).</summary>
internal static class ProgressDisplay
{
    public static bool IsTerminal(TextWriter log) => ReferenceEquals(log, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>A Spectre console on stderr, so stdout keeps only the results.</summary>
    public static IAnsiConsole ErrorConsole() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
}
