using System.Diagnostics;
using NeoSmart.Caching.Sqlite;

namespace Dspy.Fluent;

/// <summary>
/// The persistent LM cache in a SQLite file (NeoSmart.Caching.Sqlite): the default for console apps and examples, and
/// safe to share between several processes on one machine.
/// </summary>
/// <example>
/// <code>
/// var lm = new ChatClientBuilder(provider)
///     .UseDspyCache(SqliteLMCache.Open())                 // ~/.cache/dspy-fluent/lm-cache.sqlite
///     .Build();
/// // or, owning and closing the file with the client:
/// var lm2 = new ChatClientBuilder(provider).UseDspySqliteCache("runs/cache.sqlite").Build();
/// </code>
/// </example>
public static class SqliteLMCache
{
    /// <summary>The environment variable that overrides the cache folder (the same name DSPy uses).</summary>
    public const string CacheDirectoryVariable = "DSPY_CACHEDIR";

    /// <summary>The file name of the default SQLite cache inside <see cref="DefaultDirectory"/>.</summary>
    public const string DefaultFileName = "lm-cache.sqlite";

    /// <summary>
    /// The folder for cache files: <c>$DSPY_CACHEDIR</c> when set, else the user's cache folder
    /// (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> on Linux, <c>~/Library/Caches</c> on macOS, <c>%LOCALAPPDATA%</c> on Windows)
    /// plus <c>dspy-fluent</c>.
    /// </summary>
    public static string DefaultDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } custom) return custom;
            string root;
            if (OperatingSystem.IsWindows()) root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            else if (OperatingSystem.IsMacOS()) root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Caches");
            else root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "dspy-fluent");
        }
    }

    /// <summary>The default SQLite cache file: <see cref="DefaultDirectory"/>/<see cref="DefaultFileName"/>.</summary>
    public static string DefaultPath => Path.Combine(DefaultDirectory, DefaultFileName);

    /// <summary>
    /// A SQLite file store (NeoSmart.Caching.Sqlite), created when missing. Several processes may open and write the same
    /// file at once: the database runs in WAL mode, writers wait for each other (busy timeout), and opening is serialised
    /// across processes by a lock file next to the database.
    /// </summary>
    /// <param name="path">The database file; <see cref="DefaultPath"/> when null. Its folder is created.</param>
    /// <returns>The store; dispose it to close the file (the cache middleware does so when it opened the store itself).</returns>
    /// <exception cref="IOException">The folder cannot be created, or another process held the open lock for 30 s.</exception>
    /// <remarks>
    /// Why the lock: NeoSmart's cache, on opening a file whose schema it does not recognise, deletes the file and starts
    /// over. A second process opening the file while the first is still creating the schema would see a half-made
    /// database and delete it under the first one's feet. Holding an exclusive lock file while opening makes the
    /// second process wait until the schema is complete. Entries never expire, so the background cleanup is off.
    /// </remarks>
    public static SqliteCache Open(string? path = null)
    {
        path = Path.GetFullPath(path ?? DefaultPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (AcquireOpenLock(path + ".lock", TimeSpan.FromSeconds(30)))
            return new SqliteCache(new SqliteCacheOptions { CachePath = path, CleanupInterval = null });
    }

    private static FileStream AcquireOpenLock(string lockPath, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock on Unix (flock) and a sharing lock on Windows; it is
                // released by the OS if the process dies, so a crashed opener never blocks the next one.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                Thread.Sleep(Math.Min(5 * (attempt + 1), 50));
            }
        }
    }
}
