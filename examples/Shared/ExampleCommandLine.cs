using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;

namespace Dspy.Fluent.Examples;

/// <summary>
/// What the examples' command lines share (linked into each example project): option factories with the examples'
/// rules (an option given twice keeps its last value; numbers with a lower bound and the examples' wording), literal
/// parsing, the first error worded like the examples' other messages, and the option lines of the usage text.
/// </summary>
internal static class ExampleCommandLine
{
    // Tokens are taken literally: a value starting with '@' is a file name here, not a response file to expand.
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    public static ParseResult Parse(Command command, IReadOnlyList<string> args) => command.Parse(args, Configuration);

    /// <summary>The first problem with the arguments, worded like the examples' other messages (the option, then what it needs).</summary>
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

    /// <summary>"Usage: dotnet run --project examples/NAME -- [options]" and the options in declaration order, each with its value name and description, one line each.</summary>
    public static StringBuilder Usage(Command command, string project)
    {
        var text = new StringBuilder($"Usage: dotnet run --project examples/{project} -- [options]\n");
        foreach (var option in command.Options)
        {
            var name = option.HelpName is { } value ? $"{option.Name} {value}" : option.Name;
            var lines = (option.Description ?? "").Split('\n');
            text.Append("  ").Append(name.PadRight(21)).Append(lines[0]).Append('\n');
            foreach (var more in lines.Skip(1)) text.Append(' ', 23).Append(more).Append('\n');
        }
        return text;
    }

    // An option given twice keeps its last value, as the hand-written parsers did (and as LMSpec.FromCommandLine does):
    // each occurrence takes one token, and the parser reads the last one.
    public static Option<T> Text<T>(string name, string helpName, string description, T defaultValue) where T : class? => new(name)
    {
        HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore, DefaultValueFactory = _ => defaultValue,
        CustomParser = r => (T)(object)r.Tokens[^1].Value,
    };

    public static Option<T> Number<T>(string name, string description, T defaultValue, int minimum) => new(name)
    {
        HelpName = "N", Description = description, Arity = ArgumentArity.OneOrMore, DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            var text = r.Tokens[^1].Value;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= minimum) return (T)(object)n;
            r.AddError(minimum == 0 ? $"{name} needs a whole number of 0 or more, not '{text}'." : $"{name} needs a positive whole number, not '{text}'.");
            return defaultValue;
        },
    };

    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Arity = ArgumentArity.Zero };
}
