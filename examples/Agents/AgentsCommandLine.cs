using System.CommandLine;
using static Dspy.Fluent.Examples.ExampleCommandLine;

namespace Dspy.Fluent.Examples.Agents;

/// <summary>
/// The example's options declared with System.CommandLine (the library the dspy tool uses): each option's name, value name,
/// default and description live here once, and both <see cref="AgentsOptions.Parse"/> and the usage text read them.
/// </summary>
internal static class AgentsCommandLine
{
    public static readonly Option<string> LM = Text("--lm", "SPEC", "the LM (default: simulated, an offline stand-in that is not a model)\n" +
        "e.g. openai:gpt-4o-mini, openai:MODEL@http://127.0.0.1:8000/v1, ollama:llama3.2, gguf:model.gguf", "simulated");
    public static readonly Option<int> Questions = Number("--questions", "world questions for the agent (default 4; two word problems are added)", 4, minimum: 1);
    public static readonly Option<int> Seed = Number("--seed", "seed for the synthetic world (default 3)", 3, minimum: 1);
    public static readonly Option<int> MaxIters = Number("--max-iters", "the agent's most tool calls per question (default 6)", 6, minimum: 1);
    public static readonly Option<string> Cache = Text("--cache", "PATH|off", "the persistent LM cache, a SQLite file (default: off)", "off");
    public static readonly Option<bool> NoCompile = Flag("--no-compile", "skip compiling the agent and the solver with BootstrapFewShot");
    public static readonly Option<bool> Help = Flag("--help", "print this usage", "-h");

    /// <summary>The command holding every option; a plain <see cref="Command"/>, not a RootCommand, so no -?/--version is added.</summary>
    public static readonly Command Command = Create();

    public static ParseResult Parse(IReadOnlyList<string> args) => ExampleCommandLine.Parse(Command, args);

    /// <summary>The first problem with the arguments, worded like the example's other messages (the option, then what it needs).</summary>
    public static string? FirstError(ParseResult result) => ExampleCommandLine.FirstError(result);

    /// <summary>The usage text: the options in declaration order, each with its value name and description.</summary>
    public static string Usage() => ExampleCommandLine.Usage(Command, "Agents").ToString().TrimEnd('\n');

    private static Command Create()
    {
        var command = new Command("Agents", "A ReAct agent and a ProgramOfThought solver, run, compiled with BootstrapFewShot and run again.");
        foreach (Option option in new Option[] { LM, Questions, Seed, MaxIters, Cache, NoCompile, Help })
            command.Options.Add(option);
        return command;
    }
}
