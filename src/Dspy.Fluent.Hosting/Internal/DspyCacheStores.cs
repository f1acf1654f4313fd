using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Dspy.Fluent;

/// <summary>The cache kinds of <see cref="DspyCacheOptions.Kind"/>: checking a configuration and adding the cache stage.</summary>
internal static class DspyCacheStores
{
    public static readonly IReadOnlyList<string> Kinds = ["none", "memory", "sqlite", "redis", "distributed"];

    // Found by name rather than referenced, so that Hosting does not make every hosted application carry SQLite's native
    // libraries and the Redis client; the packages ship version for version with this one.
    private static readonly StoreType Sqlite = new("Dspy.Fluent.SqliteLMCache, Dspy.Fluent.Caching.Sqlite", "Open", [typeof(string)], "Dspy.Fluent.Caching.Sqlite");
    private static readonly StoreType Redis = new("Dspy.Fluent.RedisLMCache, Dspy.Fluent.Caching.Redis", "Connect", [typeof(string), typeof(string)], "Dspy.Fluent.Caching.Redis");

    private const string DefaultRedisInstanceName = "dspy-fluent:lm:";

    /// <summary>Every problem with the cache section, each naming its key.</summary>
    public static IEnumerable<string> Problems(DspyCacheOptions cache, string section, IServiceProviderIsService services)
    {
        var kind = cache.Kind?.Trim().ToLowerInvariant();
        if (kind is null || !Kinds.Contains(kind))
        {
            yield return $"{section}:Cache:Kind '{cache.Kind}' is not a cache kind; use one of: {string.Join(", ", Kinds)}.";
            yield break;
        }
        switch (kind)
        {
            case "memory" when cache.MaxEntries < 1:
                yield return $"{section}:Cache:MaxEntries is {cache.MaxEntries}; it must be 1 or more.";
                break;
            case "sqlite" when Sqlite.Method is null:
                yield return $"{section}:Cache:Kind is 'sqlite' but the package {Sqlite.Package} is not referenced; add it (`dotnet add package {Sqlite.Package}`).";
                break;
            case "redis" when Redis.Method is null:
                yield return $"{section}:Cache:Kind is 'redis' but the package {Redis.Package} is not referenced; add it (`dotnet add package {Redis.Package}`).";
                break;
            case "redis" when string.IsNullOrWhiteSpace(cache.Configuration):
                yield return $"{section}:Cache:Configuration is not set; the 'redis' cache needs the server's configuration string, e.g. 'localhost:6379'.";
                break;
            case "distributed" when !services.IsService(typeof(IDistributedCache)):
                yield return $"{section}:Cache:Kind is 'distributed' but no IDistributedCache is registered; register one (e.g. services.AddStackExchangeRedisCache(...)) or pick another kind.";
                break;
        }
        if (kind != "sqlite" && cache.Path is not null)
            yield return $"{section}:Cache:Path is set but the cache kind is '{kind}'; only 'sqlite' reads it.";
        if (kind != "redis" && cache.Configuration is not null)
            yield return $"{section}:Cache:Configuration is set but the cache kind is '{kind}'; only 'redis' reads it.";
    }

    /// <summary>Adds the cache stage for a checked configuration; the stores it opens are disposed with the pipeline.</summary>
    public static ChatClientBuilder UseConfiguredCache(this ChatClientBuilder builder, DspyCacheOptions cache, string contentRoot)
    {
        switch (cache.Kind.Trim().ToLowerInvariant())
        {
            case "none":
                return builder.UseDspyCacheDisabled();
            case "distributed":
                // The container owns the registered cache.
                return builder.Use((inner, services) => DspyCachingChatClientBuilderExtensions.Create(inner, services,
                    services.GetRequiredService<IDistributedCache>(), ownsStorage: false, configure: null));
            default:
                return builder.Use((inner, services) => DspyCachingChatClientBuilderExtensions.Create(inner, services,
                    Open(cache, contentRoot), ownsStorage: true, configure: null));
        }
    }

    private static IDistributedCache Open(DspyCacheOptions cache, string contentRoot) => cache.Kind.Trim().ToLowerInvariant() switch
    {
        "memory" => LMCacheStores.Memory(cache.MaxEntries),
        "sqlite" => Sqlite.Invoke(cache.Path is null ? null : Path.GetFullPath(cache.Path, contentRoot)),
        "redis" => Redis.Invoke(cache.Configuration, cache.InstanceName ?? DefaultRedisInstanceName),
        var other => throw new InvalidOperationException($"Unchecked cache kind '{other}'."),
    };

    private sealed class StoreType(string typeName, string methodName, Type[] parameters, string package)
    {
        private readonly Lazy<MethodInfo?> _method = new(() => Type.GetType(typeName, throwOnError: false)?.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static, parameters));

        public string Package => package;

        public MethodInfo? Method => _method.Value;

        public IDistributedCache Invoke(params object?[] arguments)
        {
            try
            {
                return (IDistributedCache)Method!.Invoke(null, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is { } inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
                throw;
            }
        }
    }
}
