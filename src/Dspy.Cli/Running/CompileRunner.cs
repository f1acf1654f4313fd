using System.Reflection;
using Dspy.Cli.Diffing;
using Dspy.Cli.Reading;
using Dspy.Fluent;

namespace Dspy.Cli.Running;

/// <summary><c>dspy compile</c>: runs the optimizer on the marked program, saves the result and prints its diff against the file it replaces.</summary>
internal static class CompileRunner
{
    private static readonly MethodInfo Typed = typeof(CompileRunner).GetMethod(nameof(CompileAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Task<int> RunAsync(ProjectSession session, CompileArguments args, TextWriter output, TextWriter log, CancellationToken cancellationToken) =>
        session.WithTypesAsync<int>(Typed, args, output, log, cancellationToken);

    private static async Task<int> CompileAsync<TIn, TOut>(ProjectSession session, CompileArguments args, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        var program = (Program<TIn, TOut>)session.Instance;
        var path = args.Output ?? Path.Combine(session.ProjectFolder, $"{session.Program.Name}.compiled.json");
        // The file being replaced is read before anything runs, so an unreadable one stops the run instead of being overwritten.
        var previous = File.Exists(path)
            ? SavedProgramReader.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), $"{path} (before)")
            : null;
        var settings = new LMSettings { Client = session.LM };
        IOptimizer Optimizer(IProgress<OptimizerProgress> progress) => args.Optimizer switch
        {
            "random-search" => new BootstrapFewShotWithRandomSearch(session.Metric, new BootstrapFewShotWithRandomSearchOptions
            {
                MaxBootstrappedDemos = args.MaxBootstrappedDemos, MaxLabeledDemos = args.MaxLabeledDemos, NumCandidatePrograms = args.Candidates,
                Settings = settings, Progress = progress,
            }),
            _ => new BootstrapFewShot(session.Metric, new BootstrapFewShotOptions
            {
                MaxBootstrappedDemos = args.MaxBootstrappedDemos, MaxLabeledDemos = args.MaxLabeledDemos, Seed = args.Seed,
                Settings = settings, Progress = progress,
            }),
        };
        var result = await ConsoleProgress.CompileAsync(p => Optimizer(p).CompileAsync(program, session.Data, cancellationToken), log).ConfigureAwait(false);
        await log.WriteLineAsync(result.Report.ToString()).ConfigureAwait(false);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await result.Program.SaveAsync(path, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Wrote {path}").ConfigureAwait(false);
        if (args.Chart is { } chart)
        {
            if (result.Report.Trials.Count == 0)
                await log.WriteLineAsync($"--chart: {result.Report.Optimizer} ran no trials, so there is nothing to chart ({chart} not written); --optimizer random-search has trials.").ConfigureAwait(false);
            else
            {
                OptimizerChart.Save(result.Report, chart);
                await output.WriteLineAsync($"Wrote {chart} ({result.Report.Trials.Count} trials)").ConfigureAwait(false);
            }
        }

        var saved = await SavedProgramReader.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (previous is null)
        {
            await output.WriteLineAsync($"No previous {Path.GetFileName(path)} to diff against: first compile of {session.Program.Name}.").ConfigureAwait(false);
            return 0;
        }
        var diff = ProgramDiffer.Compare(previous, saved);
        await output.WriteAsync(diff.IsEmpty ? $"Unchanged from the previous {Path.GetFileName(path)}.\n" : DiffFormatter.Format(diff, args.Format)).ConfigureAwait(false);
        return 0;
    }
}
