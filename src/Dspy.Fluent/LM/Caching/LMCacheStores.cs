using System.Diagnostics;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using NeoSmart.Caching.Sqlite;

namespace Dspy.Fluent;

/// <summary>
/// The stores an LM cache can live in, all as <see cref="IDistributedCache"/>: bounded memory, a SQLite file (the default
/// for console apps and examples, shared safely by several processes), or Redis (shared by several machines).
/// </summary>
/// <example>
/// <code>
/// var lm = new ChatClientBuilder(provider)
///     .UseDspyCache(LMCacheStores.Sqlite())                 // ~/.cache/dspy-fluent/lm-cache.sqlite
///     .Build();
/// </code>
/// </example>
public static class LMCacheStores
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
    public static string DefaultSqlitePath => Path.Combine(DefaultDirectory, DefaultFileName);

    /// <summary>A bounded in-memory store that evicts the least recently used entry first.</summary>
    /// <param name="maxEntries">At most this many entries.</param>
    /// <param name="maxBytes">At most this many bytes of stored replies.</param>
    public static LruDistributedCache Memory(int maxEntries = 10_000, long maxBytes = 256L * 1024 * 1024) => new(maxEntries, maxBytes);

    /// <summary>
    /// A SQLite file store (NeoSmart.Caching.Sqlite), created when missing. Several processes may open and write the same
    /// file at once: the database runs in WAL mode, writers wait for each other (busy timeout), and opening is serialised
    /// across processes by a lock file next to the database.
    /// </summary>
    /// <param name="path">The database file; <see cref="DefaultSqlitePath"/> when null. Its folder is created.</param>
    /// <returns>The store; dispose it to close the file (the cache middleware does so when it opened the store itself).</returns>
    /// <exception cref="IOException">The folder cannot be created, or another process held the open lock for 30 s.</exception>
    /// <remarks>
    /// Why the lock: NeoSmart's cache, on opening a file whose schema it does not recognise, deletes the file and starts
    /// over. A second process opening the file while the first is still creating the schema would see a half-made
    /// database and delete it under the first one's feet. Holding an exclusive lock file while opening makes the
    /// second process wait until the schema is complete. Entries never expire, so the background cleanup is off.
    /// </remarks>
    public static SqliteCache Sqlite(string? path = null)
    {
        path = Path.GetFullPath(path ?? DefaultSqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (AcquireOpenLock(path + ".lock", TimeSpan.FromSeconds(30)))
            return new SqliteCache(new SqliteCacheOptions { CachePath = path, CleanupInterval = null });
    }

    /// <summary>A Redis store (<c>Microsoft.Extensions.Caching.StackExchangeRedis</c>), for a cache shared by several machines.</summary>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>host:6379,password=…</c>.</param>
    /// <param name="instanceName">A prefix for every key, so one Redis can hold several caches.</param>
    /// <returns>The store; it connects on first use. Dispose it to close the connection.</returns>
    public static RedisCache Redis(string configuration, string instanceName = "dspy-fluent:lm:")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ArgumentNullException.ThrowIfNull(instanceName);
        return new RedisCache(new RedisCacheOptions { Configuration = configuration, InstanceName = instanceName });
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
