using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Dspy.Fluent;

/// <summary>
/// Mean time and allocated bytes per operation. Fewer iterations than BenchmarkDotNet's default job so the whole set runs
/// in a few minutes on a shared 2-core machine; pass <c>--job default</c> (or any BenchmarkDotNet option) for more.
/// </summary>
public sealed class MicroConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public MicroConfig()
    {
        AddJob(Job.Default.WithWarmupCount(4).WithIterationCount(12).WithId("micro"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
