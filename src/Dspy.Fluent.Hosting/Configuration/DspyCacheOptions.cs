namespace Dspy.Fluent;

/// <summary>The <c>Dspy:Cache</c> section: where LM replies are cached.</summary>
/// <remarks>
/// <para>Kinds:</para>
/// <list type="table">
/// <item><term><c>none</c></term><description>no cache; every call goes to the LM.</description></item>
/// <item><term><c>memory</c></term><description>this process only, bounded by <see cref="MaxEntries"/> (the default).</description></item>
/// <item><term><c>sqlite</c></term><description>a file shared safely by processes (<see cref="Path"/>; the package <c>Dspy.Fluent.Caching.Sqlite</c> must be referenced).</description></item>
/// <item><term><c>redis</c></term><description>a Redis server shared by machines (<see cref="Configuration"/>; the package <c>Dspy.Fluent.Caching.Redis</c> must be referenced).</description></item>
/// <item><term><c>distributed</c></term><description>the <c>IDistributedCache</c> the application registered.</description></item>
/// </list>
/// <para>The SQLite and Redis stores are found by name when their package is referenced, so an application that does not
/// use them does not carry SQLite's native libraries or the Redis client.</para>
/// </remarks>
/// <example>
/// <code>
/// "Cache": { "Kind": "redis", "Configuration": "cache.internal:6379", "InstanceName": "qa-service:" }
/// </code>
/// </example>
public sealed class DspyCacheOptions
{
    /// <summary>The cache kind: <c>none</c>, <c>memory</c> (default), <c>sqlite</c>, <c>redis</c> or <c>distributed</c>; case-insensitive.</summary>
    public string Kind { get; set; } = "memory";

    /// <summary>The SQLite file for <c>sqlite</c>; null for the default (<c>DSPY_CACHEDIR</c>, else the user's cache folder). A relative path is relative to the content root.</summary>
    public string? Path { get; set; }

    /// <summary>The StackExchange.Redis configuration string for <c>redis</c>, e.g. <c>localhost:6379</c>; required for that kind.</summary>
    public string? Configuration { get; set; }

    /// <summary>The key prefix for <c>redis</c>, so several services can share one server; <c>dspy-fluent:lm:</c> when null.</summary>
    public string? InstanceName { get; set; }

    /// <summary>At most this many entries for <c>memory</c>; 1 or more.</summary>
    public int MaxEntries { get; set; } = 10_000;
}
