using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Whole program calls on the in-process instant LM: the framework's time per call (format, client call, history,
/// trace, parse, mapping). The 1-step program is DSPy's overhead-mode program (DSPy: 1,087 µs; LMP's ChainOfThought ≈ 71 µs, 19.7 KB).
/// </summary>
[Config(typeof(MicroConfig))]
public class ProgramBenchmarks
{
    private readonly InstantChatClient _lm = new();
    private LMSettings _settings = null!;
    private Predictor<Example, Prediction> _cot = null!;
    private Program<Example, Prediction> _threeStep = null!;
    private Example _input = null!;
    private IReadOnlyList<ChatMessage> _messages = [];

    /// <summary>Builds the programs and warms the instant LM's field-list cache.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _settings = new LMSettings { Client = _lm };
        _cot = Capitals.ChainOfThought();
        _threeStep = Capitals.ThreeStep();
        _input = Example.Create("question", Capitals.Question(7)).WithInputs("question");
        _messages = ChatAdapter.Default.Format(_cot.Signature, [], _input);
    }

    /// <summary>The instant LM alone: the floor under every program call.</summary>
    [Benchmark(Description = "instant LM alone (floor)")]
    public Task<ChatResponse> InstantLM() => _lm.GetResponseAsync(_messages);

    /// <summary>DSPy's overhead-mode program.</summary>
    [Benchmark(Baseline = true, Description = "1-step ChainOfThought program, RunAsync")]
    public Task<Prediction> OneStep() => _cot.RunAsync(_input, _settings);

    /// <summary>The same call returning its trace, history and usage (what Evaluate and the optimizers use).</summary>
    [Benchmark(Description = "1-step ChainOfThought, TryRunAsync (trace + history + usage)")]
    public Task<ProgramOutcome<Prediction>> OneStepWithTrace() => _cot.TryRunAsync(_input, _settings);

    /// <summary>Three LM steps composed with LINQ.</summary>
    [Benchmark(Description = "3-step LINQ program, RunAsync")]
    public Task<Prediction> ThreeStep() => _threeStep.RunAsync(_input, _settings);
}
