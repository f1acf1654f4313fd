using Snapshooter;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Finds the real folder of a snapshot whose source path was mapped by a deterministic build.
/// </summary>
/// <remarks>
/// Snapshooter takes the folder from the test's source path in the PDB. A build with
/// <c>ContinuousIntegrationBuild</c> (set by most CI templates) maps that path to <c>/_/tests/…</c>, a folder that
/// exists nowhere, so every reviewed snapshot looks missing. The test binary still runs inside the checkout, so the
/// mapped path's tail is looked up under the binary's ancestor folders, most specific tail first.
/// </remarks>
internal static class SnapshotFolder
{
    public static SnapshotFullName Resolve(SnapshotFullName name)
    {
        var start = AppContext.BaseDirectory;
        // A folder left behind at the mapped path by an earlier run must not win over the checkout: trust an existing
        // folder only when it lies in the same tree as the test binary.
        if (Directory.Exists(name.FolderPath) && SharesTopFolder(name.FolderPath, start)) return name;
        var found = Locate(name.FolderPath, start);
        return found is null ? name : new SnapshotFullName(name.Filename, found);
    }

    private static bool SharesTopFolder(string folder, string start)
    {
        static (string Root, string? Top) Split(string path)
        {
            var full = Path.GetFullPath(path);
            var root = Path.GetPathRoot(full) ?? "";
            return (root, full[root.Length..].Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault());
        }
        var (folderRoot, folderTop) = Split(folder);
        var (startRoot, startTop) = Split(start);
        return folderTop is not null && folderRoot == startRoot && folderTop == startTop;
    }

    /// <summary>The existing folder under an ancestor of <paramref name="start"/> that ends with the longest tail of <paramref name="mappedFolder"/>; null when none does.</summary>
    public static string? Locate(string mappedFolder, string start)
    {
        var segments = mappedFolder.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        var ancestors = new List<string>();
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent) ancestors.Add(dir.FullName);
        for (var skip = 0; skip < segments.Length; skip++)
        {
            var tail = Path.Combine(segments[skip..]);
            foreach (var ancestor in ancestors)
            {
                var candidate = Path.Combine(ancestor, tail);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
