using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>A 1-step program whose LM call is a cache hit: the in-memory LRU store and the SQLite file store.</summary>
[Config(typeof(MicroConfig))]
public class CacheBenchmarks
{
    private string _directory = "";
    private IChatClient _memory = null!;
    private IChatClient _sqlite = null!;
    private LMSettings _memorySettings = null!;
    private LMSettings _sqliteSettings = null!;
    private Predictor<Example, Prediction> _cot = null!;
    private Example _input = null!;

    /// <summary>Builds both pipelines and fills each cache with the one entry the benchmark hits.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("dspy-bench-cache-").FullName;
        _memory = new ChatClientBuilder(new InstantChatClient()).UseDspyCache(LMCacheStores.Memory()).Build();
        _sqlite = new ChatClientBuilder(new InstantChatClient()).UseDspyCache(SqliteLMCache.Open(Path.Combine(_directory, "cache.sqlite"))).Build();
        _memorySettings = new LMSettings { Client = _memory };
        _sqliteSettings = new LMSettings { Client = _sqlite };
        _cot = Capitals.ChainOfThought();
        _input = Example.Create("question", Capitals.Question(7)).WithInputs("question");
        _cot.RunAsync(_input, _memorySettings).GetAwaiter().GetResult();
        _cot.RunAsync(_input, _sqliteSettings).GetAwaiter().GetResult();
    }

    /// <summary>Closes the stores and deletes the SQLite file.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _memory.Dispose();
        _sqlite.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Hit in the in-memory LRU store.</summary>
    [Benchmark(Description = "1-step program, cache hit, memory LRU")]
    public Task<Prediction> MemoryHit() => _cot.RunAsync(_input, _memorySettings);

    /// <summary>Hit in the SQLite file store.</summary>
    [Benchmark(Description = "1-step program, cache hit, SQLite file")]
    public Task<Prediction> SqliteHit() => _cot.RunAsync(_input, _sqliteSettings);
}
