using System.CommandLine;
using static Dspy.Fluent.Examples.ExampleCommandLine;

namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>
/// The job's options declared with System.CommandLine (the library the dspy tool uses): each option's name, value name,
/// default and description live here once, and both <see cref="MultiHopOptions.Parse"/> and the usage text read them.
/// </summary>
internal static class MultiHopCommandLine
{
    public static readonly Option<string> LM = Text<string>("--lm", "SPEC", "the LM (default: simulated, an offline stand-in that is not a model)\n" +
        "e.g. openai:gpt-4o-mini, openai:MODEL@http://127.0.0.1:8000/v1, ollama:llama3.2, gguf:model.gguf", "simulated");
    public static readonly Option<string?> Data = Text<string?>("--data", "FILE", "a HotPotQA distractor-format JSON file (default: a seeded synthetic world)", null);
    public static readonly Option<int> Train = Number("--train", "training examples (default 20)", 20, minimum: 1);
    public static readonly Option<int> Dev = Number("--dev", "dev examples (default 50)", 50, minimum: 1);
    public static readonly Option<int> Seed = Number("--seed", "seed for the synthetic world and the split (default 1)", 1, minimum: 1);
    public static readonly Option<string?> Cache = Text<string?>("--cache", "PATH|off", "the persistent LM cache, a SQLite file (default: in the user's cache folder)", null);
    public static readonly Option<string?> Save = Text<string?>("--save", "PATH", "save the compiled Baleen program", null);
    public static readonly Option<string?> Load = Text<string?>("--load", "PATH", "load a compiled Baleen program instead of compiling", null);
    public static readonly Option<string?> ReportJson = Text<string?>("--report-json", "PATH", "write the results as JSON", null);
    public static readonly Option<string?> ReportHtml = Text<string?>("--report-html", "PATH", "write the evaluation report (all three programs) as one HTML file", null);
    public static readonly Option<string?> Chart = Text<string?>("--chart", "PATH", "draw the compile's trials (score per trial, best so far) as a .png or .svg", null);
    public static readonly Option<int?> MaxErrors = Number<int?>("--max-errors", "failed examples an evaluation tolerates before it stops (default: 10 % of --dev)", null, minimum: 0);
    public static readonly Option<bool> NoLMCheck = Flag("--no-lm-check", "skip the one-call check that the LM answers before anything runs");
    public static readonly Option<int> LMAttempts = Number("--lm-attempts", "attempts per LM call, the first included, with backoff between them (default 5; 1 = no retries)", 5, minimum: 1);
    public static readonly Option<bool> Help = Flag("--help", "print this usage", "-h");

    /// <summary>The command holding every option; a plain <see cref="Command"/>, not a RootCommand, so no -?/--version is added.</summary>
    public static readonly Command Command = Create();

    public static ParseResult Parse(IReadOnlyList<string> args) => ExampleCommandLine.Parse(Command, args);

    /// <summary>The first problem with the arguments, worded like the job's other messages (the option, then what it needs).</summary>
    public static string? FirstError(ParseResult result) => ExampleCommandLine.FirstError(result);

    /// <summary>The usage text: the options in declaration order, each with its value name and description, then the exit codes.</summary>
    public static string Usage() => ExampleCommandLine.Usage(Command, "MultiHopRag").Append("""
            Exit codes: 0 done (failed examples, if any, are counted and the first error is on stderr), 2 bad arguments,
                        3 the LM did not answer the check, 4 an evaluation or the compile stopped on errors.
            """).ToString();

    private static Command Create()
    {
        var command = new Command("MultiHopRag", "The multi-hop RAG job: basic RAG, SimplifiedBaleen, and Baleen compiled with BootstrapFewShot.");
        foreach (Option option in new Option[] { LM, Data, Train, Dev, Seed, Cache, Save, Load, ReportJson, ReportHtml, Chart, MaxErrors, NoLMCheck, LMAttempts, Help })
            command.Options.Add(option);
        return command;
    }
}
