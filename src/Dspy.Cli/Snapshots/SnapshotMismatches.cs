namespace Dspy.Cli.Snapshots;

/// <summary>Finds, accepts and rejects Snapshooter mismatches for <c>dspy snapshots</c>.</summary>
internal static class SnapshotMismatches
{
    /// <summary>Every mismatch under <paramref name="root"/>, ordered by path; bin/obj are skipped (build copies, not sources).</summary>
    /// <exception cref="ToolInputException">The folder does not exist.</exception>
    public static IReadOnlyList<SnapshotMismatch> Find(string root)
    {
        if (!Directory.Exists(root))
            throw new ToolInputException($"{root}: no such folder (full path {Path.GetFullPath(root)}). Pass the repository or test project folder.");
        return Directory.EnumerateFiles(root, "*.snap", SearchOption.AllDirectories)
            .Where(IsMismatch)
            .Where(p => !Path.GetRelativePath(root, p).Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(p => new SnapshotMismatch(p, Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(p))!, Path.GetFileName(p))))
            .ToList();
    }

    /// <summary>Moves each mismatch over its snapshot, so the next test run compares against the new output.</summary>
    public static void Accept(IEnumerable<SnapshotMismatch> mismatches)
    {
        foreach (var m in mismatches)
        {
            File.Move(m.MismatchPath, m.SnapshotPath, overwrite: true);
            RemoveIfEmpty(Path.GetDirectoryName(m.MismatchPath)!);
        }
    }

    /// <summary>Deletes each mismatch and keeps the reviewed snapshot.</summary>
    public static void Reject(IEnumerable<SnapshotMismatch> mismatches)
    {
        foreach (var m in mismatches)
        {
            File.Delete(m.MismatchPath);
            RemoveIfEmpty(Path.GetDirectoryName(m.MismatchPath)!);
        }
    }

    private static bool IsMismatch(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        return Path.GetFileName(dir) == "__mismatch__" && Path.GetFileName(Path.GetDirectoryName(dir)) == "__snapshots__";
    }

    // An empty __mismatch__ folder left behind would show up in git status as noise after every accept.
    private static void RemoveIfEmpty(string dir)
    {
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }
}
