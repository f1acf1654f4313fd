namespace Dspy.Cli.Snapshots;

/// <summary>A snapshot a failing test run wrote under <c>__snapshots__/__mismatch__/</c>, and the reviewed one it would replace.</summary>
/// <param name="MismatchPath">The file Snapshooter wrote with the new output.</param>
/// <param name="SnapshotPath">The reviewed snapshot next to it (may not exist yet for a new test).</param>
internal sealed record SnapshotMismatch(string MismatchPath, string SnapshotPath);
