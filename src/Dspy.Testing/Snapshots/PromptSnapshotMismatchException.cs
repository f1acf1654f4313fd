using Xunit.Sdk;

namespace Dspy.Fluent;

/// <summary>
/// The compiled prompts differ from the reviewed snapshot, or strict mode (<c>SNAPSHOOTER_STRICT_MODE=on</c>) found none.
/// The message holds a unified diff of the prompts per predictor and the command that accepts the change.
/// </summary>
/// <remarks>
/// Snapshooter's own exception is not kept as the inner exception: the runner would print its "Strings differ (pos N)"
/// and its stack under the diff, which is the noise this message replaces.
/// </remarks>
public sealed class PromptSnapshotMismatchException : XunitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="snapshotPath">The reviewed snapshot file (missing when strict mode found none).</param>
    /// <param name="mismatchPath">Where Snapshooter wrote the new prompts, under <c>__snapshots__/__mismatch__/</c>.</param>
    public PromptSnapshotMismatchException(string message, string snapshotPath, string mismatchPath) : base(message)
    {
        SnapshotPath = snapshotPath;
        MismatchPath = mismatchPath;
    }

    /// <summary>The reviewed snapshot file, as a full path (missing when strict mode found none).</summary>
    public string SnapshotPath { get; }

    /// <summary>The file with the new prompts, as a full path: what <c>dspy snapshots accept</c> moves over <see cref="SnapshotPath"/>.</summary>
    public string MismatchPath { get; }
}
