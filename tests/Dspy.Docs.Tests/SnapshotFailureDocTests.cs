using Snapshooter;

namespace Dspy.Docs.Tests;

/// <summary>The failure message docs/getting-started.md shows is the one a changed instruction really prints.</summary>
public sealed class SnapshotFailureDocTests : IDisposable
{
    private const string Reviewed = "RagPromptTests.The_prompts_are_reviewed.snap";

    private const string ShownFolder = "/src/tests"; // the folder the doc shows in place of this run's temp folder

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dspy-docs-failure-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void The_failure_shown_in_getting_started_is_what_a_changed_instruction_prints()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the doc shows the Unix form of the plain-file command (mv)");
        Directory.CreateDirectory(Path.Combine(_folder, "__snapshots__"));
        File.Copy(Path.Combine(PromptSnapshot.FullName().FolderPath, "__snapshots__", Reviewed), Path.Combine(_folder, "__snapshots__", Reviewed));
        var changed = Predict.ChainOfThought("generate_answer", Signature.Parse("context: list[str], question -> answer", "Answer in one word."));

        var failure = Assert.Throws<PromptSnapshotMismatchException>(() => PromptSnapshot.Match(changed, new SnapshotFullName(Reviewed, _folder)));

        var doc = File.ReadAllText(Path.Combine(DocSnippetTests.Root, "docs", "getting-started.md")).ReplaceLineEndings("\n");
        var start = doc.IndexOf("```text\nThe compiled prompts differ", StringComparison.Ordinal) + "```text\n".Length;
        var shown = doc[start..doc.IndexOf("\n```", start, StringComparison.Ordinal)];
        Assert.Equal(shown, failure.Message.Replace(_folder, ShownFolder, StringComparison.Ordinal).TrimEnd('\n'));
    }
}
