using BenchmarkDotNet.Attributes;

namespace Dspy.Fluent;

/// <summary>
/// <c>Evaluate</c> over 1,000 examples of the 1-step program on the instant LM: the framework's cost per evaluated
/// example (scheduling, the run, the metric, the row with its prompt and reply) beyond the program call itself.
/// </summary>
[Config(typeof(MicroConfig))]
public class EvaluateBenchmarks
{
    private const int Examples = 1_000;
    private Program<Example, Prediction> _cot = null!;
    private Example[] _devset = [];
    private EvaluateOptions _options = null!;

    /// <summary>Whether each row keeps its LM history (prompt and reply): the default, and what the HTML report shows.</summary>
    [Params(true, false)]
    public bool KeepHistory { get; set; }

    /// <summary>Builds the program and the devset.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cot = Capitals.ChainOfThought();
        _devset = Capitals.Examples(Examples);
        _options = new EvaluateOptions
        {
            Concurrency = 16, Settings = new LMSettings { Client = new InstantChatClient() }, MaxErrors = null, KeepHistory = KeepHistory,
        };
    }

    /// <summary>1,000 examples at 16 in flight.</summary>
    [Benchmark(Description = "Evaluate 1,000 examples, 1-step CoT, instant LM, C = 16", OperationsPerInvoke = Examples)]
    public Task<EvaluationResult> Evaluate1000() => Evaluate.RunAsync(_cot, _devset, StrictAnswerMatch.Instance, _options);
}
