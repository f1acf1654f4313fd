namespace Dspy.Fluent.Examples.Agents;

/// <summary>The command line of the agents example.</summary>
public sealed record AgentsOptions
{
    /// <summary>The usage text printed for <c>--help</c> and after a bad argument, built from the declared options.</summary>
    public static string Usage { get; } = AgentsCommandLine.Usage();

    /// <summary>The LM spec.</summary>
    public string LM { get; init; } = "simulated";

    /// <summary>World questions for the agent.</summary>
    public int Questions { get; init; } = 4;

    /// <summary>The seed of the synthetic world.</summary>
    public int Seed { get; init; } = 3;

    /// <summary>The agent's most tool calls per question.</summary>
    public int MaxIters { get; init; } = 6;

    /// <summary>The SQLite cache path, or "off".</summary>
    public string Cache { get; init; } = "off";

    /// <summary>Whether to compile the programs and score them again.</summary>
    public bool Compile { get; init; } = true;

    /// <summary>Whether <c>--help</c> was given.</summary>
    public bool Help { get; init; }

    /// <summary>Reads the command line with System.CommandLine (<see cref="AgentsCommandLine"/>); an option given twice keeps its last value.</summary>
    /// <param name="args">The arguments; <c>--name value</c> and <c>--name=value</c> both work.</param>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a value that is not a number where one is needed;
    /// the message names the option and ends with the usage.</exception>
    public static AgentsOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = AgentsCommandLine.Parse(args);
        if (AgentsCommandLine.FirstError(result) is { } error) throw new ArgumentException($"{error}\n\n{Usage}");
        return new AgentsOptions
        {
            LM = result.GetValue(AgentsCommandLine.LM)!,
            Questions = result.GetValue(AgentsCommandLine.Questions),
            Seed = result.GetValue(AgentsCommandLine.Seed),
            MaxIters = result.GetValue(AgentsCommandLine.MaxIters),
            Cache = result.GetValue(AgentsCommandLine.Cache)!,
            Compile = !result.GetValue(AgentsCommandLine.NoCompile),
            Help = result.GetValue(AgentsCommandLine.Help),
        };
    }
}
