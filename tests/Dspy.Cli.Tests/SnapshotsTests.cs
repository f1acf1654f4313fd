namespace Dspy.Cli.Tests;

public sealed class SnapshotsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dspy-cli-snapshots-" + Guid.NewGuid().ToString("N"));

    private string Snapshot => Path.Combine(_root, "tests", "__snapshots__", "Prompts.snap");

    private string Mismatch => Path.Combine(_root, "tests", "__snapshots__", "__mismatch__", "Prompts.snap");

    public SnapshotsTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Mismatch)!);
        File.WriteAllText(Snapshot, "reviewed prompt");
        File.WriteAllText(Mismatch, "new prompt");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Snapshots_list_names_each_mismatch_and_leaves_it()
    {
        var result = await DspyTool.RunAsync("snapshots", "list", _root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(Path.Combine("tests", "__snapshots__", "__mismatch__", "Prompts.snap") + " would replace " + Path.Combine("tests", "__snapshots__", "Prompts.snap"), result.Stdout);
        Assert.True(File.Exists(Mismatch));
    }

    [Fact]
    public async Task Snapshots_accept_moves_the_mismatch_over_the_snapshot()
    {
        var result = await DspyTool.RunAsync("snapshots", "accept", _root);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("new prompt", await File.ReadAllTextAsync(Snapshot, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(Path.GetDirectoryName(Mismatch)));
    }

    [Fact]
    public async Task Snapshots_reject_deletes_the_mismatch_and_keeps_the_snapshot()
    {
        var result = await DspyTool.RunAsync("snapshots", "reject", _root);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("reviewed prompt", await File.ReadAllTextAsync(Snapshot, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Mismatch));
    }

    [Fact]
    public async Task Snapshots_on_a_missing_folder_exits_2_and_names_it()
    {
        var missing = Path.Combine(_root, "nowhere");

        var result = await DspyTool.RunAsync("snapshots", "list", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.Stderr);
    }
}
