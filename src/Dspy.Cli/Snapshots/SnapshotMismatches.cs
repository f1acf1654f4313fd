namespace Dspy.Cli.Snapshots;

/// <summary>Finds, accepts and rejects Snapshooter mismatches for <c>dspy snapshots</c>.</summary>
internal static class SnapshotMismatches
{
    /// <summary>
    /// Every mismatch under <paramref name="root"/>, ordered by path; bin/obj are skipped (build copies, not sources).
    /// A path to one mismatch file (what a failing prompt-snapshot test prints) names just that one.
    /// </summary>
    /// <exception cref="ToolInputException">The folder does not exist, or the file is not a mismatch.</exception>
    public static IReadOnlyList<SnapshotMismatch> Find(string root)
    {
        if (File.Exists(root))
        {
            if (!IsMismatch(root))
                throw new ToolInputException($"{root}: not a snapshot mismatch; expected a .snap file in a __snapshots__/__mismatch__/ folder, or a folder to search.");
            return [For(root)];
        }
        if (!Directory.Exists(root))
            throw new ToolInputException($"{root}: no such folder or file (full path {Path.GetFullPath(root)}). Pass the repository or test project folder, or one mismatch file.");
        return Directory.EnumerateFiles(root, "*.snap", SearchOption.AllDirectories)
            .Where(IsMismatch)
            .Where(p => !Path.GetRelativePath(root, p).Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(For)
            .ToList();
    }

    /// <summary>The folder paths are printed relative to: the folder searched, or for one mismatch file the folder holding its <c>__snapshots__</c>.</summary>
    public static string BaseFolder(string root) =>
        File.Exists(root) ? Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(root))))! : root;

    private static SnapshotMismatch For(string path) =>
        new(path, Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path)))!, Path.GetFileName(path)));

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
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Path.GetFileName(dir) == "__mismatch__" && Path.GetFileName(Path.GetDirectoryName(dir)) == "__snapshots__";
    }

    // An empty __mismatch__ folder left behind would show up in git status as noise after every accept.
    private static void RemoveIfEmpty(string dir)
    {
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }
}
