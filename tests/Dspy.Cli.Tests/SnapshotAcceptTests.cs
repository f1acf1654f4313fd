using Snapshooter;

namespace Dspy.Cli.Tests;

/// <summary>
/// The whole review loop on a real Snapshooter run: a changed instruction fails the prompt snapshot, the failure names
/// the command, the tool (as a process) accepts it, and the same check then passes.
/// </summary>
public sealed class SnapshotAcceptTests : IDisposable
{
    private const string Reviewed = "SnapshotAcceptTests.The_reviewed_prompts_match.snap";

    private static readonly Predictor<Example, Prediction> Qa =
        Predict.Create("qa", Signature.Parse("question -> answer", "Answer questions with short factoid answers."));

    private readonly string _project = Path.Combine(Path.GetTempPath(), "dspy-cli-accept-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_project)) Directory.Delete(_project, recursive: true);
    }

    private static Program<Example, Prediction> WithInstructions(string instructions) =>
        Qa.WithState(ProgramState.Empty.With("qa", new PredictorState { Instructions = instructions }));

    // The reviewed snapshot the accept test copies: committed next to this file like any prompt snapshot.
    [Fact]
    public void The_reviewed_prompts_match() => PromptSnapshot.Match(Qa);

    [Fact]
    public async Task Accepting_the_command_a_failing_snapshot_prints_makes_the_next_run_pass()
    {
        var reviewed = Path.Combine(PromptSnapshot.FullName().FolderPath, "__snapshots__", Reviewed);
        Directory.CreateDirectory(Path.Combine(_project, "__snapshots__"));
        File.Copy(reviewed, Path.Combine(_project, "__snapshots__", Reviewed));
        var name = new SnapshotFullName(Reviewed, _project);
        var changed = WithInstructions("Answer in one word.");

        var failure = Assert.Throws<PromptSnapshotMismatchException>(() => PromptSnapshot.Match(changed, name));
        var command = failure.Message.Split('\n').Single(l => l.StartsWith("  dspy snapshots accept ", StringComparison.Ordinal));
        var accepted = await DspyTool.RunAsync(["snapshots", "accept", command["  dspy snapshots accept ".Length..]]);
        PromptSnapshot.Match(changed, name);

        Assert.Contains("=== qa (Predict) ===\n", failure.Message);
        Assert.Contains("\n-        Answer questions with short factoid answers.\n+        Answer in one word.\n", failure.Message);
        Assert.Equal(0, accepted.ExitCode);
        Assert.Contains("accepted over " + Path.Combine("__snapshots__", Reviewed), accepted.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_project, "__snapshots__", "__mismatch__")));
        Assert.Contains("Answer in one word.", await File.ReadAllTextAsync(Path.Combine(_project, "__snapshots__", Reviewed), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Accepting_a_file_that_is_not_a_mismatch_exits_2_and_says_what_it_expected()
    {
        Directory.CreateDirectory(_project);
        var file = Path.Combine(_project, "Prompts.snap");
        await File.WriteAllTextAsync(file, "reviewed prompt", TestContext.Current.CancellationToken);

        var result = await DspyTool.RunAsync("snapshots", "accept", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a snapshot mismatch; expected a .snap file in a __snapshots__/__mismatch__/ folder", result.Stderr);
        Assert.True(File.Exists(file));
    }
}
