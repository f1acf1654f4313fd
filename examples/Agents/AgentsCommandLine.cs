using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;

namespace Dspy.Fluent.Examples.Agents;

/// <summary>
/// The example's options declared with System.CommandLine (the library the dspy tool uses): each option's name, value name,
/// default and description live here once, and both <see cref="AgentsOptions.Parse"/> and the usage text read them.
/// </summary>
internal static class AgentsCommandLine
{
    public static readonly Option<string> LM = Text("--lm", "SPEC", "the LM (default: simulated, an offline stand-in that is not a model)\n" +
        "e.g. openai:gpt-4o-mini, openai:MODEL@http://127.0.0.1:8000/v1, ollama:llama3.2, gguf:model.gguf", "simulated");
    public static readonly Option<int> Questions = Number("--questions", "world questions for the agent (default 4; two word problems are added)", 4);
    public static readonly Option<int> Seed = Number("--seed", "seed for the synthetic world (default 3)", 3);
    public static readonly Option<int> MaxIters = Number("--max-iters", "the agent's most tool calls per question (default 6)", 6);
    public static readonly Option<string> Cache = Text("--cache", "PATH|off", "the persistent LM cache, a SQLite file (default: off)", "off");
    public static readonly Option<bool> NoCompile = Flag("--no-compile", "skip compiling the agent and the solver with BootstrapFewShot");
    public static readonly Option<bool> Help = Flag("--help", "print this usage", "-h");

    /// <summary>The command holding every option; a plain <see cref="Command"/>, not a RootCommand, so no -?/--version is added.</summary>
    public static readonly Command Command = Create();

    // Tokens are taken literally: a value starting with '@' is a file name here, not a response file to expand.
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    public static ParseResult Parse(IReadOnlyList<string> args) => Command.Parse(args, Configuration);

    /// <summary>The first problem with the arguments, worded like the example's other messages (the option, then what it needs).</summary>
    public static string? FirstError(ParseResult result)
    {
        foreach (var error in result.Errors)
        {
            if (error.SymbolResult is OptionResult { Tokens.Count: 0 } missing)
                return $"{missing.Option.Name} needs a value.";
            if (error.SymbolResult is OptionResult or ArgumentResult)
                return error.Message;
            if (result.UnmatchedTokens.Count > 0)
                return $"Unknown option '{result.UnmatchedTokens[0]}'.";
            return error.Message;
        }
        return null;
    }

    /// <summary>The usage text: the options in declaration order, each with its value name and description.</summary>
    public static string Usage()
    {
        var text = new StringBuilder("Usage: dotnet run --project examples/Agents -- [options]\n");
        foreach (var option in Command.Options)
        {
            var name = option.HelpName is { } value ? $"{option.Name} {value}" : option.Name;
            var lines = (option.Description ?? "").Split('\n');
            text.Append("  ").Append(name.PadRight(21)).Append(lines[0]).Append('\n');
            foreach (var more in lines.Skip(1)) text.Append(' ', 23).Append(more).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }

    private static Command Create()
    {
        var command = new Command("Agents", "A ReAct agent and a ProgramOfThought solver, run, compiled with BootstrapFewShot and run again.");
        foreach (Option option in new Option[] { LM, Questions, Seed, MaxIters, Cache, NoCompile, Help })
            command.Options.Add(option);
        return command;
    }

    // An option given twice keeps its last value, as the hand-written parser did: each occurrence takes one token.
    private static Option<string> Text(string name, string helpName, string description, string defaultValue) => new(name)
    {
        HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore, DefaultValueFactory = _ => defaultValue,
        CustomParser = r => r.Tokens[^1].Value,
    };

    private static Option<int> Number(string name, string description, int defaultValue) => new(name)
    {
        HelpName = "N", Description = description, Arity = ArgumentArity.OneOrMore, DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            var text = r.Tokens[^1].Value;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
            r.AddError($"{name} needs a positive whole number, not '{text}'.");
            return defaultValue;
        },
    };

    private static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Arity = ArgumentArity.Zero };
}
