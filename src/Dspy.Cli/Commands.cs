using System.CommandLine;
using Dspy.Cli.Diffing;
using Dspy.Cli.Inspecting;
using Dspy.Cli.Reading;
using Dspy.Cli.Snapshots;

namespace Dspy.Cli;

/// <summary>The command tree; the work itself lives in the reader, differ and formatters so tests need no process.</summary>
internal static class Commands
{
    public const int ErrorExit = 2;

    public static RootCommand Create()
    {
        var root = new RootCommand("Inspect and diff saved Dspy.Fluent and DSPy programs.");
        root.Subcommands.Add(Inspect());
        root.Subcommands.Add(Diff());
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
