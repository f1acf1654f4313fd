using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Time.Testing;

namespace Dspy.Fluent.Tests;

public sealed class LruDistributedCacheTests
{
    private static readonly DistributedCacheEntryOptions Forever = new();

    [Fact]
    public void The_least_recently_used_entry_is_evicted_when_the_entry_bound_is_reached()
    {
        var cache = new LruDistributedCache(maxEntries: 3);
        cache.Set("a", [1], Forever);
        cache.Set("b", [2], Forever);
        cache.Set("c", [3], Forever);
        _ = cache.Get("a"); // a is now the most recent; b is the coldest

        cache.Set("d", [4], Forever);

        Assert.Null(cache.Get("b"));
        Assert.NotNull(cache.Get("a"));
        Assert.NotNull(cache.Get("c"));
        Assert.NotNull(cache.Get("d"));
        Assert.Equal(3, cache.Count);
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public void Entries_are_evicted_coldest_first_until_the_byte_bound_holds()
    {
        var cache = new LruDistributedCache(maxEntries: 100, maxBytes: 10);
        cache.Set("a", new byte[4], Forever);
        cache.Set("b", new byte[4], Forever);

        cache.Set("c", new byte[6], Forever);

        Assert.Null(cache.Get("a"));
        Assert.NotNull(cache.Get("b"));
        Assert.NotNull(cache.Get("c"));
        Assert.Equal(10, cache.SizeInBytes);
    }

    [Fact]
    public void Replacing_an_entry_does_not_count_its_old_size()
    {
        var cache = new LruDistributedCache(maxEntries: 10, maxBytes: 8);
        cache.Set("a", new byte[6], Forever);

        cache.Set("a", new byte[7], Forever);

        Assert.Equal(7, cache.SizeInBytes);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void An_entry_expires_at_its_absolute_time_on_the_given_clock()
    {
        var time = new FakeTimeProvider();
        var cache = new LruDistributedCache(timeProvider: time);
        cache.Set("a", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });

        time.Advance(TimeSpan.FromMinutes(4));
        var before = cache.Get("a");
        time.Advance(TimeSpan.FromMinutes(1));
        var after = cache.Get("a");

        Assert.NotNull(before);
        Assert.Null(after);
    }

    [Fact]
    public void Concurrent_writers_never_exceed_the_bounds()
    {
        var cache = new LruDistributedCache(maxEntries: 50, maxBytes: 1000);

        Parallel.For(0, 2000, new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken },
            i => cache.Set($"k{i % 300}", new byte[i % 40 + 1], Forever));

        Assert.InRange(cache.Count, 1, 50);
        Assert.InRange(cache.SizeInBytes, 1, 1000);
    }
}
