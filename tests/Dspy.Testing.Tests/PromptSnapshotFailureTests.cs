using Snapshooter;

namespace Dspy.Fluent.Tests;

public sealed class PromptSnapshotFailureTests(CompiledQa fixture) : IDisposable
{
    private const string Reviewed = "PromptSnapshotTests.The_compiled_prompts_match_the_reviewed_snapshot.snap";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dspy-snapshot-failure-" + Guid.NewGuid().ToString("N"), "__snapshots__");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    private SnapshotFullName CopyOfTheReviewedSnapshot()
    {
        Directory.CreateDirectory(_folder);
        File.Copy(Path.Combine(PromptSnapshot.FullName().FolderPath, "__snapshots__", Reviewed), Path.Combine(_folder, Reviewed));
        return new SnapshotFullName(Reviewed, Path.GetDirectoryName(_folder)!);
    }

    private Program<Example, Prediction> WithInstructions(string instructions) =>
        fixture.Program.WithState(fixture.Program.State.With("qa", fixture.Program.State.Find("qa")! with { Instructions = instructions }));

    [Fact]
    public void A_changed_instruction_fails_with_a_unified_diff_under_the_predictor_name()
    {
        var name = CopyOfTheReviewedSnapshot();

        var error = Assert.Throws<PromptSnapshotMismatchException>(() => PromptSnapshot.Match(WithInstructions("Answer in one word."), name));

        Assert.Contains("The compiled prompts differ from the reviewed snapshot in 1 of 1 predictor.", error.Message);
        Assert.Contains("=== qa (Predict) ===\n--- reviewed " + Reviewed + "\n+++ now\n@@ -", error.Message);
        Assert.Contains("\n-        Answer questions with short factoid answers.\n+        Answer in one word.\n", error.Message);
        Assert.Contains("\n [[ ## completed ## ]]\n In adhering to this structure, your objective is: \n", error.Message); // context lines
        Assert.DoesNotContain("Strings differ", error.Message);
    }

    [Fact]
    public void A_mismatch_names_the_file_it_wrote_and_the_commands_that_accept_it()
    {
        var name = CopyOfTheReviewedSnapshot();
        var mismatch = Path.Combine(_folder, "__mismatch__", Reviewed);

        var error = Assert.Throws<PromptSnapshotMismatchException>(() => PromptSnapshot.Match(WithInstructions("Answer in one word."), name));

        Assert.True(File.Exists(mismatch), "Snapshooter's mismatch file was not written");
        Assert.Equal(mismatch, error.MismatchPath);
        Assert.Equal(Path.Combine(_folder, Reviewed), error.SnapshotPath);
        Assert.Contains("The new prompts were written to " + mismatch + "\n", error.Message);
        Assert.Contains("  dspy snapshots accept " + mismatch + "\n", error.Message);
        Assert.Contains(" " + mismatch + " " + Path.Combine(_folder, Reviewed) + "\n", error.Message); // mv / move /Y
    }

    [Fact]
    public void A_renamed_predictor_shows_as_one_removed_and_one_new()
    {
        var name = CopyOfTheReviewedSnapshot();

        var error = Assert.Throws<PromptSnapshotMismatchException>(() => PromptSnapshot.Match(Predict.Create("answer", "question -> answer"), name));

        Assert.Contains("differ from the reviewed snapshot in 2 of 2 predictors.", error.Message);
        Assert.Contains("=== qa (Predict, removed) ===\n", error.Message);
        Assert.Contains("=== answer (Predict, new predictor) ===\n", error.Message);
        Assert.Contains("\n+--- user ---\n", error.Message);
    }

    [Fact]
    public void Matching_prompts_pass_against_the_copy()
    {
        var name = CopyOfTheReviewedSnapshot();

        PromptSnapshot.Match(fixture.Program, name);

        Assert.False(File.Exists(Path.Combine(_folder, "__mismatch__", Reviewed)));
    }
}

[CollectionDefinition(nameof(StrictMode), DisableParallelization = true)]
public sealed class StrictMode;

// SNAPSHOOTER_STRICT_MODE is process-wide: these tests run alone so no other snapshot test sees it.
[Collection(nameof(StrictMode))]
public sealed class PromptSnapshotStrictModeTests(CompiledQa fixture) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dspy-snapshot-strict-" + Guid.NewGuid().ToString("N"), "__snapshots__");

    private readonly string? _before = Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", _before);
        if (Directory.Exists(Path.GetDirectoryName(_folder))) Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
    }

    [Fact]
    public void Strict_mode_fails_on_a_missing_snapshot_and_says_how_to_create_it()
    {
        Directory.CreateDirectory(_folder);
        Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "on");

        var error = Assert.Throws<PromptSnapshotMismatchException>(() => PromptSnapshot.Match(fixture.Program, new SnapshotFullName("Missing.snap", Path.GetDirectoryName(_folder)!)));

        Assert.Contains("There is no reviewed prompt snapshot at " + Path.Combine(_folder, "Missing.snap") + ", and SNAPSHOOTER_STRICT_MODE is on", error.Message);
        Assert.Contains("Run the test once without strict mode", error.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "Missing.snap")));
    }
}
