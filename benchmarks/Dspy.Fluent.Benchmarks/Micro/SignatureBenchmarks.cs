using BenchmarkDotNet.Attributes;

namespace Dspy.Fluent;

/// <summary>Parsing DSPy's string signatures (done once per predictor, when a program is built).</summary>
[Config(typeof(MicroConfig))]
public class SignatureBenchmarks
{
    /// <summary>The smallest signature.</summary>
    [Benchmark(Description = "Signature.Parse(\"question -> answer\")")]
    public Signature Simple() => Signature.Parse("question -> answer");

    /// <summary>A typed one.</summary>
    [Benchmark(Description = "Signature.Parse(\"context: list[str], question: str -> answer: str, confidence: float\")")]
    public Signature Typed() => Signature.Parse("context: list[str], question: str -> answer: str, confidence: float");
}
