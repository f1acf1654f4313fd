namespace Dspy.Fluent;

/// <summary>What a <see cref="DspyCachingChatClient"/> has done so far: a snapshot, safe to read while calls run.</summary>
public sealed record LMCacheStatistics
{
    /// <summary>Calls answered from the cache (no provider call, no new usage).</summary>
    public long Hits { get; init; }

    /// <summary>Calls looked up and not found (including corrupt or unreadable entries), then sent to the provider.</summary>
    public long Misses { get; init; }

    /// <summary>Calls that asked to skip the cache (<see cref="DspyChatOptions.CacheBypassKey"/>).</summary>
    public long Bypassed { get; init; }

    /// <summary>Entries that could not be read back (bad JSON, wrong shape); each counted as a miss and overwritten.</summary>
    public long CorruptEntries { get; init; }

    /// <summary>Reads or writes the store itself failed (disk, network); the call went on without the cache.</summary>
    public long StoreErrors { get; init; }

    /// <summary>Hits plus misses.</summary>
    public long Lookups => Hits + Misses;

    /// <summary>Hits as a share of lookups, 0 when there were none.</summary>
    public double HitRate => Lookups == 0 ? 0 : (double)Hits / Lookups;
}
