using System.CommandLine;
using Dspy.Cli.Diffing;
using Dspy.Cli.Inspecting;
using Dspy.Cli.Reading;
using Dspy.Cli.Running;
using Dspy.Cli.Snapshots;

namespace Dspy.Cli;

/// <summary>The command tree; the work itself lives in the reader, differ and formatters so tests need no process.</summary>
internal static class Commands
{
    public const int ErrorExit = 2;

    public static RootCommand Create()
    {
        var root = new RootCommand("Inspect and diff saved Dspy.Fluent and DSPy programs; compile and evaluate the programs a project marks with [DspyProgram].");
        root.Subcommands.Add(Inspect());
        root.Subcommands.Add(Diff());
        root.Subcommands.Add(Compile());
        root.Subcommands.Add(Eval());
        root.Subcommands.Add(Snapshots());
        return root;
    }

    private static Option<string> FormatOption(params string[] allowed)
    {
        var option = new Option<string>("--format") { Description = $"Output format: {string.Join(", ", allowed)}.", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    private static OutputFormat ParseFormat(string value) => value switch
    {
        "json" => OutputFormat.Json,
        "markdown" => OutputFormat.Markdown,
        _ => OutputFormat.Text,
    };

    private static Command Inspect()
    {
        var program = new Argument<string>("PROGRAM") { Description = "A saved program (program.SaveAsync or DSPy's program.save)." };
        var format = FormatOption("text", "json", "markdown");
        var command = new Command("inspect", "Show each predictor's signature, instructions, demos and LM settings.") { program, format };
        command.SetAction((parse, ct) => Run(async () =>
        {
            var saved = await SavedProgramReader.ReadAsync(parse.GetValue(program)!, ct);
            await Console.Out.WriteAsync(InspectFormatter.Format(saved, ParseFormat(parse.GetValue(format)!)));
            return 0;
        }));
        return command;
    }

    private static Command Diff()
    {
        var oldArg = new Argument<string>("OLD") { Description = "The saved program before." };
        var newArg = new Argument<string>("NEW") { Description = "The saved program after." };
        var format = FormatOption("text", "markdown");
        var command = new Command("diff", "Show what changed between two saved programs; exits 1 when they differ, 0 when equal, 2 on error.") { oldArg, newArg, format };
        command.SetAction((parse, ct) => Run(async () =>
        {
            var before = await SavedProgramReader.ReadAsync(parse.GetValue(oldArg)!, ct);
            var after = await SavedProgramReader.ReadAsync(parse.GetValue(newArg)!, ct);
            var diff = ProgramDiffer.Compare(before, after);
            await Console.Out.WriteAsync(DiffFormatter.Format(diff, ParseFormat(parse.GetValue(format)!)));
            return diff.IsEmpty ? 0 : 1;
        }));
        return command;
    }

    /// <summary>The options <c>compile</c> and <c>eval</c> share, added to <paramref name="command"/>; the returned function reads them.</summary>
    private static Func<ParseResult, ProjectArguments> ProjectOptions(Command command)
    {
        var project = new Option<string>("--project", "-p") { Description = "The project (.csproj/.fsproj, or its folder) whose marked programs to use.", DefaultValueFactory = _ => "." };
        var program = new Option<string?>("--program") { Description = "The [DspyProgram] name; needed when the project marks more than one." };
        var data = new Option<string>("--data") { Description = "The examples: a .jsonl, .json (array) or .csv file.", Required = true };
        var lm = new Option<string>("--lm") { Description = "The LM spec, e.g. openai:gpt-4o-mini, openai:MODEL@http://127.0.0.1:8000/v1, ollama:llama3.2, simulated (offline, not a model).", Required = true };
        var metric = new Option<string?>("--metric") { Description = "A [DspyMetric] name or a built-in (exact_match, f1, passage_match); default: the program's Metric, else exact_match." };
        var configuration = new Option<string>("--configuration", "-c") { Description = "The build configuration.", DefaultValueFactory = _ => "Debug" };
        var noBuild = new Option<bool>("--no-build") { Description = "Use the last build instead of running dotnet build." };
        foreach (var option in new Option[] { project, program, data, lm, metric, configuration, noBuild }) command.Options.Add(option);
        return parse => new ProjectArguments(parse.GetValue(project)!, parse.GetValue(program), parse.GetValue(data)!, parse.GetValue(lm)!,
            parse.GetValue(metric), parse.GetValue(configuration)!, parse.GetValue(noBuild));
    }

    private static Command Compile()
    {
        var command = new Command("compile", "Build the project, compile a [DspyProgram] with an optimizer on --data, save it, and print its diff against the file it replaces.");
        var shared = ProjectOptions(command);
        var optimizer = new Option<string>("--optimizer") { Description = "bootstrap (BootstrapFewShot) or random-search (BootstrapFewShotWithRandomSearch, which has trials to chart).", DefaultValueFactory = _ => "bootstrap" };
        optimizer.AcceptOnlyFromAmong("bootstrap", "random-search");
        var seed = new Option<int>("--seed") { Description = "The optimizer's seed.", DefaultValueFactory = _ => 0 };
        var bootstrapped = new Option<int>("--max-bootstrapped-demos") { Description = "Most bootstrapped demos per predictor.", DefaultValueFactory = _ => 4 };
        var labeled = new Option<int>("--max-labeled-demos") { Description = "Most labeled demos per predictor.", DefaultValueFactory = _ => 16 };
        var candidates = new Option<int>("--candidates") { Description = "Candidate programs tried by random-search.", DefaultValueFactory = _ => 8 };
        var output = new Option<string?>("--output", "-o") { Description = "Where to save the compiled program (default: NAME.compiled.json in the project folder)." };
        var chart = new Option<string?>("--chart") { Description = "Draw the optimizer's trials to this .png or .svg file." };
        var format = FormatOption("text", "markdown");
        foreach (var option in new Option[] { optimizer, seed, bootstrapped, labeled, candidates, output, chart, format }) command.Options.Add(option);
        command.SetAction((parse, ct) => Run(async () =>
        {
            using var session = await ProjectSession.OpenAsync(shared(parse), Console.Error, ct);
            var args = new CompileArguments(parse.GetValue(optimizer)!, parse.GetValue(seed), parse.GetValue(bootstrapped), parse.GetValue(labeled),
                parse.GetValue(candidates), parse.GetValue(output), parse.GetValue(chart), ParseFormat(parse.GetValue(format)!));
            return await CompileRunner.RunAsync(session, args, Console.Out, Console.Error, ct);
        }));
        return command;
    }

    private static Command Eval()
    {
        var command = new Command("eval", $"Build the project and evaluate a [DspyProgram] on --data; exits {EvalRunner.StoppedOnErrors} when more examples failed than --max-errors allows.");
        var shared = ProjectOptions(command);
        var load = new Option<string?>("--load") { Description = "A saved program (from dspy compile) to load into the program first." };
        var json = new Option<string?>("--report-json") { Description = "Write the evaluation as JSON." };
        var html = new Option<string?>("--report-html") { Description = "Write the evaluation report as one HTML file." };
        var maxErrors = new Option<int>("--max-errors") { Description = "Failed examples tolerated before the evaluation stops.", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency") { Description = "Examples run at once.", DefaultValueFactory = _ => 16 };
        foreach (var option in new Option[] { load, json, html, maxErrors, concurrency }) command.Options.Add(option);
        command.SetAction((parse, ct) => Run(async () =>
        {
            using var session = await ProjectSession.OpenAsync(shared(parse), Console.Error, ct);
            var args = new EvalArguments(parse.GetValue(load), parse.GetValue(json), parse.GetValue(html), parse.GetValue(maxErrors), parse.GetValue(concurrency));
            return await EvalRunner.RunAsync(session, args, Console.Out, Console.Error, ct);
        }));
        return command;
    }

    private static Command Snapshots()
    {
        var command = new Command("snapshots", "List, accept or reject prompt snapshots left in __snapshots__/__mismatch__/ by a failing test run.");
        command.Subcommands.Add(SnapshotCommand("list", "List each mismatch and the snapshot it would replace.", _ => { }, "would replace"));
        command.Subcommands.Add(SnapshotCommand("accept", "Move each mismatch over its snapshot (review the diff first).", SnapshotMismatches.Accept, "accepted over"));
        command.Subcommands.Add(SnapshotCommand("reject", "Delete each mismatch and keep the reviewed snapshot.", SnapshotMismatches.Reject, "rejected, kept"));
        return command;
    }

    private static Command SnapshotCommand(string name, string description, Action<IReadOnlyList<SnapshotMismatch>> apply, string verb)
    {
        var path = new Argument<string>("PATH") { Description = "The folder to search (default: the current folder), or one mismatch file a failing test named.", DefaultValueFactory = _ => "." };
        var command = new Command(name, description) { path };
        command.SetAction((parse, ct) => Run(async () =>
        {
            var root = parse.GetValue(path)!;
            var mismatches = SnapshotMismatches.Find(root);
            if (mismatches.Count == 0)
            {
                await Console.Out.WriteLineAsync($"No snapshot mismatches under {root}.");
                return 0;
            }
            var baseFolder = SnapshotMismatches.BaseFolder(root);
            foreach (var m in mismatches)
                await Console.Out.WriteLineAsync($"{Path.GetRelativePath(baseFolder, m.MismatchPath)} {verb} {Path.GetRelativePath(baseFolder, m.SnapshotPath)}{(File.Exists(m.SnapshotPath) ? "" : " (new)")}");
            apply(mismatches);
            return 0;
        }));
        return command;
    }

    // Only the tool's own, already-worded errors are caught; anything else is a bug and should crash with its trace.
    private static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ToolInputException e)
        {
            await Console.Error.WriteLineAsync($"dspy: {e.Message}");
            return ErrorExit;
        }
    }
}
